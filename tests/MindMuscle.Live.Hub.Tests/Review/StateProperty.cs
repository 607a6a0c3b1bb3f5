using CsCheck;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>
/// The state-at property, run against either database: a runner's state at any instant is the raw sample with the
/// greatest (observedAt, seq) at or before it, or none.
/// </summary>
internal static class StateProperty
{
    private const long Start = 1_764_000_000_000;

    /// <summary>One runner's samples: seqs counting up, observedAt jittered, repeated and sometimes stepping back.</summary>
    private static readonly Gen<MetricSample[]> RunnerSamples =
        Gen.Select(Gen.Int[-400, 900], Gen.Int[60, 200].Nullable(0.2)).Array[0, 80].Select(steps =>
        {
            var samples = new MetricSample[steps.Length];
            var at = Start;
            for (var i = 0; i < steps.Length; i++)
            {
                at += steps[i].Item1 % 3 == 0 ? 0 : steps[i].Item1;
                samples[i] = new MetricSample { Seq = i + 1, ObservedAt = at, HeartRateBpm = steps[i].Item2, CadenceSpm = i };
            }

            return samples;
        });

    private static readonly Gen<(MetricSample[][] Runners, long[] Ats)> Cases =
        Gen.Select(RunnerSamples.Array[1, 4], Gen.Long[-2_000, 80_000].Array[1, 12], (runners, ats) => (runners, ats.Select(a => Start + a).ToArray()));

    public static void Check(IRecordingDatabase db, int iterations)
    {
        var iteration = 0;
        Cases.Sample(c =>
        {
            var session = $"s-{Interlocked.Increment(ref iteration):D4}";
            using (var connection = db.Open())
            {
                using var tx = connection.BeginTransaction();
                for (var i = 0; i < c.Runners.Length; i++)
                {
                    db.InsertSamples(connection, tx, session, $"r-{i}", c.Runners[i], 1);
                }

                db.MoveInbox(connection, tx);
                tx.Commit();
            }

            foreach (var at in c.Ats)
            {
                for (var i = 0; i < c.Runners.Length; i++)
                {
                    var expected = c.Runners[i].Where(s => s.ObservedAt <= at).OrderBy(s => s.ObservedAt).ThenBy(s => s.Seq).LastOrDefault();

                    var actual = ReadAsync(db, session, $"r-{i}", at).GetAwaiter().GetResult();

                    Assert.Equal(expected?.Seq, actual?.Seq);
                    Assert.Equal(expected?.ObservedAt, actual?.ObservedAt);
                    Assert.Equal(expected?.HeartRateBpm, actual?.HeartRateBpm);
                }
            }
        }, iter: iterations, threads: 1, print: c => $"{c.Runners.Length} runners, {c.Runners.Sum(r => r.Length)} samples, at {string.Join(",", c.Ats)}");
    }

    private static async Task<MetricSample?> ReadAsync(IRecordingDatabase db, string session, string runnerId, long at)
    {
        await using var reader = new StateReader(await db.OpenAsync(CancellationToken.None));
        return await reader.LatestAtOrBeforeAsync(session, runnerId, at, CancellationToken.None);
    }
}
