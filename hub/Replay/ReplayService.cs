using System.Runtime.CompilerServices;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Replay;

/// <summary>
/// Streams a recorded session: samples paged from SQLite by time (never all loaded), merged with its alerts and cues,
/// spaced as recorded divided by the speed (0 = as fast as the reader takes them).
/// </summary>
public sealed class ReplayService(RecordingStore store, TimeProvider time)
{
    public const int PageSize = 500;
    public const double MaxSpeed = 1000;

    public async IAsyncEnumerable<ReplayEvent> ReplayAsync(
        string sessionId, double speed, long fromMs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!double.IsFinite(speed) || speed < 0 || speed > MaxSpeed)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, $"speed must be 0 (as fast as possible) or up to {MaxSpeed}");
        }

        await using var connection = await store.OpenReadAsync(cancellationToken);
        var others = new List<ReplayEvent>();
        foreach (var alert in await RecordingSql.ReadAlertsAsync(connection, sessionId, cancellationToken))
        {
            others.Add(new ReplayEvent { Kind = ReplayEventKind.Alert, At = alert.StartedAt, RunnerId = alert.RunnerId, Alert = alert with { ClearedAt = null } });
            if (alert.ClearedAt is { } cleared)
            {
                others.Add(new ReplayEvent { Kind = ReplayEventKind.AlertCleared, At = cleared, RunnerId = alert.RunnerId, Alert = alert });
            }
        }

        foreach (var cue in await RecordingSql.ReadCuesAsync(connection, sessionId, cancellationToken))
        {
            others.Add(new ReplayEvent { Kind = ReplayEventKind.Cue, At = cue.IssuedAt, RunnerId = cue.RunnerId, Cue = cue });
        }

        others.Sort((a, b) => a.At.CompareTo(b.At));
        var origin = await FirstSampleAtAsync(connection, sessionId, cancellationToken) is { } first
            ? Math.Min(first, others.Count > 0 ? others[0].At : first)
            : others.Count > 0 ? others[0].At : 0;
        var from = origin + Math.Max(0, fromMs);

        var startedAt = time.GetTimestamp();
        var otherIndex = others.FindIndex(e => e.At >= from);
        if (otherIndex < 0)
        {
            otherIndex = others.Count;
        }

        await foreach (var sample in ReadSamplesAsync(connection, sessionId, from, cancellationToken))
        {
            while (otherIndex < others.Count && others[otherIndex].At <= sample.At)
            {
                var other = others[otherIndex++] with { OffsetMs = others[otherIndex - 1].At - origin };
                await PaceAsync(other.At, from, speed, startedAt, cancellationToken);
                yield return other;
            }

            await PaceAsync(sample.At, from, speed, startedAt, cancellationToken);
            yield return sample with { OffsetMs = sample.At - origin };
        }

        while (otherIndex < others.Count)
        {
            var other = others[otherIndex++] with { OffsetMs = others[otherIndex - 1].At - origin };
            await PaceAsync(other.At, from, speed, startedAt, cancellationToken);
            yield return other;
        }
    }

    // Paces against the start, not the previous event, so delays do not accumulate drift.
    private async ValueTask PaceAsync(long at, long from, double speed, long startedAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (speed == 0)
        {
            return;
        }

        var due = TimeSpan.FromMilliseconds((at - from) / speed) - time.GetElapsedTime(startedAt);
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, time, cancellationToken);
        }
    }

    private static async Task<long?> FirstSampleAtAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string sessionId, CancellationToken ct)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MIN(observed_at) FROM samples WHERE session_id = $s";
        cmd.Parameters.AddWithValue("$s", sessionId);
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : null;
    }

    private static async IAsyncEnumerable<ReplayEvent> ReadSamplesAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, string sessionId, long from, [EnumeratorCancellation] CancellationToken ct)
    {
        // Keyset paging on (observed_at, runner_id, seq): each page is one short indexed query.
        long lastAt = from - 1;
        var lastRunner = "\uffff";
        var lastSeq = long.MaxValue;
        while (true)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"""
                SELECT {RecordingSql.SampleColumns} FROM samples
                WHERE session_id = $s AND (observed_at > $at OR (observed_at = $at AND (runner_id > $r OR (runner_id = $r AND seq > $q))))
                ORDER BY observed_at, runner_id, seq LIMIT {PageSize}
                """;
            cmd.Parameters.AddWithValue("$s", sessionId);
            cmd.Parameters.AddWithValue("$at", lastAt);
            cmd.Parameters.AddWithValue("$r", lastRunner);
            cmd.Parameters.AddWithValue("$q", lastSeq);
            var count = 0;
            using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    count++;
                    var sample = RecordingSql.ReadSample(r);
                    lastAt = sample.ObservedAt;
                    lastRunner = r.GetString(1);
                    lastSeq = sample.Seq;
                    yield return new ReplayEvent { Kind = ReplayEventKind.Sample, At = sample.ObservedAt, RunnerId = lastRunner, Sample = sample };
                }
            }

            if (count < PageSize)
            {
                yield break;
            }
        }
    }
}
