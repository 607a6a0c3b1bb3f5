using CsCheck;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>
/// The state-at property, run against either database: a runner's state at any instant is the raw sample with the
/// greatest (observedAt, seq) at or before it, or none; on SQLite with part of every runner's samples (the first or
/// last seqs, or none, or all) still in the recorder's inbox, read for the whole group in one request.
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

    /// <summary>Runners, each with where its samples are cut between moved and left in the inbox (0..1 of them moved).</summary>
    private static readonly Gen<(MetricSample[][] Runners, double[] Moved, bool MovedFirst, long[] Ats)> Cases =
        Gen.Select(RunnerSamples.Array[1, 4], Gen.Double[0, 1].Array[4], Gen.Bool, Gen.Long[-2_000, 80_000].Array[1, 12],
            (runners, moved, movedFirst, ats) => (runners, moved, movedFirst, ats.Select(a => Start + a).ToArray()));

    public static void Check(IRecordingDatabase db, int iterations)
    {
        var iteration = 0;
        Cases.Sample(c =>
        {
            var session = $"s-{Interlocked.Increment(ref iteration):D4}";
            using (var connection = db.Open())
            {
                using var tx = connection.BeginTransaction();
                // Each runner's first (or last) seqs are inserted and moved, the rest inserted after the move: on SQLite they
                // wait in the inbox.
                MetricSample[] Part(int i, bool moved)
                {
                    var samples = c.Runners[i];
                    var cut = (int)Math.Round(samples.Length * c.Moved[i]);
                    var split = c.MovedFirst ? cut : samples.Length - cut;
                    return moved == c.MovedFirst ? samples[..split] : samples[split..];
                }

                foreach (var moved in new[] { true, false })
                {
                    for (var i = 0; i < c.Runners.Length; i++)
                    {
                        db.InsertSamples(connection, tx, session, $"r-{i}", Part(i, moved), 1);
                    }

                    if (moved)
                    {
                        db.MoveInbox(connection, tx);
                    }
                }

                tx.Commit();
            }

            string[] runnerIds = [.. Enumerable.Range(0, c.Runners.Length).Select(i => $"r-{i}")];
            foreach (var at in c.Ats)
            {
                var actual = ReadAsync(db, session, runnerIds, at).GetAwaiter().GetResult();

                Assert.Equal(runnerIds.Length, actual.Length);
                for (var i = 0; i < c.Runners.Length; i++)
                {
                    var expected = c.Runners[i].Where(s => s.ObservedAt <= at).OrderBy(s => s.ObservedAt).ThenBy(s => s.Seq).LastOrDefault();
                    Assert.Equal(expected?.Seq, actual[i]?.Seq);
                    Assert.Equal(expected?.ObservedAt, actual[i]?.ObservedAt);
                    Assert.Equal(expected?.HeartRateBpm, actual[i]?.HeartRateBpm);
                }
            }
        }, iter: iterations, threads: 1, print: c => $"{c.Runners.Length} runners, {c.Runners.Sum(r => r.Length)} samples, moved {string.Join(",", c.Moved)} first {c.MovedFirst}, at {string.Join(",", c.Ats)}");
    }

    private static async Task<MetricSample?[]> ReadAsync(IRecordingDatabase db, string session, string[] runnerIds, long at)
    {
        await using var reader = new StateReader(await db.OpenAsync(CancellationToken.None));
        return await reader.LatestAtOrBeforeAsync(session, runnerIds, at, CancellationToken.None);
    }
}
