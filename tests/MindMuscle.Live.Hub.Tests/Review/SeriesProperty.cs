using CsCheck;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>The series property, run against either database: buckets equal the model's, extremes survive any points.</summary>
internal static class SeriesProperty
{
    public static void Check(IRecordingDatabase db, int iterations)
    {
        var iteration = 0;
        SeriesModel.Cases.Sample(c =>
        {
            // One database, a session per iteration: the others' rows are around it in every index.
            var session = $"s-{Interlocked.Increment(ref iteration):D4}";
            using (var connection = db.Open())
            {
                using var tx = connection.BeginTransaction();
                foreach (var (runnerId, samples) in c.Runners)
                {
                    db.InsertSamples(connection, tx, session, runnerId, samples, 1);
                }

                db.MoveInbox(connection, tx);
                tx.Commit();
            }

            foreach (var (runnerId, samples) in c.Runners)
            {
                var points = ReadAsync(db, session, runnerId, c, wide: false).GetAwaiter().GetResult();
                // The key-order read of wide ranges gives the same buckets.
                var wide = ReadAsync(db, session, runnerId, c, wide: true).GetAwaiter().GetResult();
                Assert.Equal(points.Select(p => (p.T, p.Min, p.Max, p.N)), wide.Select(p => (p.T, p.Min, p.Max, p.N)));
                var model = SeriesModel.Buckets(c, samples);
                var raw = SeriesModel.Raw(c, samples);

                Assert.InRange(points.Length, 0, c.Points);
                Assert.Equal(model.Select(p => (p.T, p.Min, p.Max, p.N)), points.Select(p => (p.T, p.Min, p.Max, p.N)));
                Assert.All(model.Zip(points), pair => Assert.Equal(pair.First.Mean, pair.Second.Mean, 1e-9 * Math.Max(1, Math.Abs(pair.First.Mean))));
                Assert.True(points.Zip(points.Skip(1)).All(p => p.First.T < p.Second.T), "points are ordered by t");
                if (raw.Length > 0)
                {
                    Assert.Equal(raw.Min(), points.Min(p => p.Min));
                    Assert.Equal(raw.Max(), points.Max(p => p.Max));
                    Assert.Equal(raw.Length, points.Sum(p => p.N));
                }
                else
                {
                    Assert.Empty(points);
                }
            }
        }, iter: iterations, threads: 1, print: SeriesModel.Print);
    }

    private static async Task<SeriesPoint[]> ReadAsync(IRecordingDatabase db, string session, string runnerId, SeriesCase c, bool wide)
    {
        await using var reader = new SeriesReader(await db.OpenAsync(CancellationToken.None));
        return await reader.ReadAsync(session, runnerId, c.Metric, c.From, c.To, c.Points, CancellationToken.None, wide);
    }
}
