namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// Estimates hub clock minus relay clock from publish round-trips, NTP style: the hub stamped its ack at
/// <c>hubTime</c>, which is assumed to be the midpoint of the round-trip on the relay's clock. Round-trips much slower than
/// the best seen carry more asymmetry error and are ignored; the rest are smoothed exponentially.
/// </summary>
public sealed class ClockOffsetEstimator(double smoothing = 0.2)
{
    private readonly Lock _gate = new();
    private double _offsetMs;
    private double _bestRttMs = double.MaxValue;
    private bool _fromRoundTrips;

    public bool HasEstimate { get; private set; }

    /// <summary>Hub clock minus relay clock, milliseconds.</summary>
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

    /// <summary>The last accepted round-trip, milliseconds.</summary>
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

    /// <summary>Adds a round-trip: sent and received on the relay clock, stamped by the hub in between (all unix ms).</summary>
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
            // The best RTT creeps up slowly so a network that got slower for good is accepted again after a while.
            _bestRttMs = Math.Min(_bestRttMs * 1.02, rtt);
            if (!_fromRoundTrips)
            {
                _offsetMs = sample;
                _fromRoundTrips = true;
            }
            else if (rtt <= (_bestRttMs * 3) + 20)
            {
                _offsetMs += smoothing * (sample - _offsetMs);
            }
            else
            {
                return;
            }

            HasEstimate = true;
            LastRttMs = (long)rtt;
            Samples++;
        }
    }

    public long ToHubTime(long relayUnixMs) => relayUnixMs + OffsetMs;

    public long ToRelayTime(long hubUnixMs) => hubUnixMs - OffsetMs;
}
