namespace MindMuscle.Live.RunnerKit.Uplink;

/// <summary>
/// Estimates hub clock minus runner clock from publish round-trips, NTP style: the hub stamped its ack at
/// <c>hubTime</c>, which is taken as the midpoint of the round-trip on the runner's clock. The error is at most half the
/// round-trip (and the hub stamps after its commit, so slow commits bias it), so like NTP's clock filter the estimate
/// follows the lowest-delay sample among the last <see cref="Window"/>, smoothed exponentially.
/// </summary>
public sealed class ClockOffsetEstimator(double smoothing = 0.2)
{
    public const int Window = 16;

    private readonly Lock _gate = new();
    private readonly Queue<(double RttMs, double OffsetMs)> _window = new();
    private double _offsetMs;
    private bool _fromRoundTrips;

    public bool HasEstimate { get; private set; }

    /// <summary>Hub clock minus runner clock, milliseconds.</summary>
    public long OffsetMs
    {
        get
        {
            lock (_gate)
            {
                return (long)Math.Round(_offsetMs);
            }
        }
    }

    /// <summary>The last round-trip, milliseconds.</summary>
    public long LastRttMs { get; private set; }

    public int Samples { get; private set; }

    /// <summary>A coarse first guess (e.g. from the join response's HTTP Date header) until round-trips arrive.</summary>
    public void Seed(long offsetMs)
    {
        lock (_gate)
        {
            if (_fromRoundTrips)
            {
                return;
            }

            _offsetMs = offsetMs;
            HasEstimate = true;
        }
    }

    /// <summary>Adds a round-trip: sent and received on the runner clock, stamped by the hub in between (all unix ms).</summary>
    public void AddRoundTrip(long sentAtMs, long receivedAtMs, long hubTimeMs)
    {
        if (hubTimeMs <= 0 || receivedAtMs < sentAtMs)
        {
            return;
        }

        var rtt = (double)(receivedAtMs - sentAtMs);
        var sample = hubTimeMs - ((sentAtMs + receivedAtMs) / 2.0);
        lock (_gate)
        {
            _window.Enqueue((rtt, sample));
            if (_window.Count > Window)
            {
                _window.Dequeue();
            }

            var best = _window.MinBy(w => w.RttMs).OffsetMs;
            _offsetMs = _fromRoundTrips ? _offsetMs + (smoothing * (best - _offsetMs)) : best;
            _fromRoundTrips = true;
            HasEstimate = true;
            LastRttMs = (long)rtt;
            Samples++;
        }
    }

    public long ToHubTime(long relayUnixMs) => relayUnixMs + OffsetMs;

    public long ToRelayTime(long hubUnixMs) => hubUnixMs - OffsetMs;
}
