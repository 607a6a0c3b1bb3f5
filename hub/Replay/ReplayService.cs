using System.Runtime.CompilerServices;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Replay;

/// <summary>
/// Streams a recorded session: samples paged from the recording by time (never all loaded), merged with its alerts, cues and markers,
/// spaced as recorded divided by the speed (0 = as fast as the reader takes them).
/// </summary>
internal sealed class ReplayService(RecordingStore store, TimeProvider time)
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

        await using var reader = await store.OpenReaderAsync(cancellationToken);
        var others = new List<ReplayEvent>();
        foreach (var alert in await reader.ReadAlertsAsync(sessionId, cancellationToken))
        {
            others.Add(new ReplayEvent { Kind = ReplayEventKind.Alert, At = alert.StartedAt, RunnerId = alert.RunnerId, Alert = alert with { ClearedAt = null } });
            if (alert.ClearedAt is { } cleared)
            {
                others.Add(new ReplayEvent { Kind = ReplayEventKind.AlertCleared, At = cleared, RunnerId = alert.RunnerId, Alert = alert });
            }
        }

        foreach (var cue in await reader.ReadCuesAsync(sessionId, cancellationToken))
        {
            others.Add(new ReplayEvent { Kind = ReplayEventKind.Cue, At = cue.IssuedAt, RunnerId = cue.RunnerId, Cue = cue });
        }

        foreach (var marker in await reader.ReadMarkersAsync(sessionId, cancellationToken))
        {
            others.Add(new ReplayEvent { Kind = ReplayEventKind.Marker, At = marker.At, RunnerId = marker.RunnerId ?? "", Marker = marker });
        }

        others.Sort((a, b) => a.At.CompareTo(b.At));
        var origin = await reader.FirstSampleAtAsync(sessionId, cancellationToken) is { } first
            ? Math.Min(first, others.Count > 0 ? others[0].At : first)
            : others.Count > 0 ? others[0].At : 0;
        var from = origin + Math.Max(0, fromMs);

        var startedAt = time.GetTimestamp();
        var otherIndex = others.FindIndex(e => e.At >= from);
        if (otherIndex < 0)
        {
            otherIndex = others.Count;
        }

        await foreach (var (runnerId, recorded) in reader.ReadByTimeAsync(sessionId, from, PageSize, cancellationToken))
        {
            var sample = new ReplayEvent { Kind = ReplayEventKind.Sample, At = recorded.ObservedAt, RunnerId = runnerId, Sample = recorded };
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
}
