using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Web.Runner;

/// <summary>
/// For the benchmark (<c>window.mmlCompanionPerf.read(reset)</c>): the time from a notification reaching the .NET
/// handler to the hub's ack of its seq, over the last <see cref="Kept"/> acked readings. Costs a dictionary entry per
/// unacked reading; the page is single-threaded, so no locks.
/// </summary>
public sealed class CompanionPerf(TimeProvider time) : IPumpObserver
{
    /// <summary>Ack times kept for the percentiles (a ring: the newest win).</summary>
    public const int Kept = 65_536;

    private readonly Dictionary<long, long> _notifiedAt = [];
    private readonly double[] _ackMs = new double[Kept];
    private long _acks;
    private long _lowestPending = 1;

    /// <summary>Readings <paramref name="firstSeq"/>..<paramref name="lastSeq"/> were stored for a notification that arrived at <paramref name="notifiedAt"/>.</summary>
    public void Stored(long firstSeq, long lastSeq, long notifiedAt)
    {
        for (var seq = firstSeq; seq <= lastSeq; seq++)
        {
            _notifiedAt[seq] = notifiedAt;
        }
    }

    void IPumpObserver.AckReceived(PublishAck ack, long acked, long receivedAtMs)
    {
        var now = time.GetTimestamp();
        for (; _lowestPending <= acked; _lowestPending++)
        {
            if (_notifiedAt.Remove(_lowestPending, out var at))
            {
                _ackMs[_acks++ % Kept] = time.GetElapsedTime(at, now).TotalMilliseconds;
            }
        }
    }

    /// <summary>The figures so far; <paramref name="reset"/> starts a new window (after a warm-up).</summary>
    public CompanionPerfReading Read(bool reset)
    {
        var n = (int)Math.Min(_acks, Kept);
        var sorted = _ackMs.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        var reading = new CompanionPerfReading(_acks, _notifiedAt.Count, At(sorted, 0.50), At(sorted, 0.99), n == 0 ? 0 : sorted[^1]);
        if (reset)
        {
            _acks = 0;
        }

        return reading;
    }

    private static double At(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

/// <summary>Readings acked in the window, readings waiting for an ack, and notification → ack times in ms.</summary>
public sealed record CompanionPerfReading(long Acked, long Pending, double P50Ms, double P99Ms, double MaxMs);
