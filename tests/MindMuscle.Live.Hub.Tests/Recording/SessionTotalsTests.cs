using CsCheck;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>
/// The session list's duration (<see cref="SessionTotals"/>) on SQLite: the first to the last sample of each session,
/// wherever its samples wait (samples table, inbox, both, neither).
/// </summary>
public sealed class SessionTotalsTests : IDisposable
{
    private const long Start = 1_764_000_000_000;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mml-session-totals-");

    /// <summary>Per session, per runner: its instants (any order) and how many of them were moved out of the inbox.</summary>
    private static readonly Gen<(long[] Ats, int Moved)[][]> Sessions =
        Gen.Long[-5_000, 500_000].Array[0, 12].SelectMany(ats => Gen.Int[0, ats.Length].Select(moved => (ats, moved))).Array[0, 3].Array[1, 5];

    [Fact]
    public void ReadAll_SamplesMovedInboxOrBoth_DurationIsFirstToLastSample()
    {
        var db = new SqliteRecordingDatabase(_folder.FullName);
        db.ApplySchema();
        var iteration = 0;
        Sessions.Sample(sessions =>
        {
            var prefix = $"i{Interlocked.Increment(ref iteration):D4}-";
            using var connection = db.Open();
            using (var tx = connection.BeginTransaction())
            {
                foreach (var moved in new[] { true, false })
                {
                    for (var s = 0; s < sessions.Length; s++)
                    {
                        if (moved)
                        {
                            using var cmd = connection.CreateCommand();
                            cmd.Transaction = tx;
                            cmd.CommandText = "INSERT INTO sessions (session_id, name, join_code, created_at, auto_cue, alert_settings) VALUES (@s, 'n', @s, 0, 0, '{}')";
                            cmd.AddParameter("@s", prefix + s);
                            cmd.ExecuteNonQuery();
                        }

                        for (var r = 0; r < sessions[s].Length; r++)
                        {
                            var (ats, movedCount) = sessions[s][r];
                            var samples = ats.Select((a, i) => new MetricSample { Seq = i + 1, ObservedAt = Start + a }).ToArray();
                            db.InsertSamples(connection, tx, prefix + s, $"r-{r}", moved ? samples[..movedCount] : samples[movedCount..], 1);
                        }
                    }

                    if (moved)
                    {
                        db.MoveInbox(connection, tx);
                    }
                }

                tx.Commit();
            }

            var totals = SessionTotals.ReadAllAsync(connection, CancellationToken.None).GetAwaiter().GetResult();

            for (var s = 0; s < sessions.Length; s++)
            {
                var ats = sessions[s].SelectMany(r => r.Ats).ToArray();
                Assert.Equal(ats.Length == 0 ? null : ats.Max() - ats.Min(), totals[prefix + s].DurationMs);
            }
        }, iter: 100, threads: 1, print: s => string.Join(" | ", s.Select(r => string.Join("; ", r.Select(x => $"{string.Join(",", x.Ats)} moved {x.Moved}")))));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
