namespace MindMuscle.Live.RunnerKit.Uplink;

/// <summary>
/// Estimates hub clock minus runner clock from publish round-trips, NTP style: the hub stamped its ack at
/// <c>hubTime</c>, which is taken as the midpoint of the round-trip on the runner's clock. The error is at most half the
/// round-trip (and the hub stamps after its commit, so slow commits bias it), so like NTP's clock filter the estimate
/// follows the lowest-delay sample among the last <see cref="Window"/>, smoothed exponentially.
/// </summary>
/// <remarks>
/// An estimate that a round trip cannot disprove is kept: sample times sent to the hub then keep the runner's own
/// spacing, instead of jumping by the noise of each round trip (or by the coarse first guess when the first ack comes).
/// The price: the estimate settles on the edge of the allowed interval nearest where it was, not on its middle, so it
/// can keep a bias of up to half the lowest round trip in the window.
/// </remarks>
public sealed class ClockOffsetEstimator(double smoothing = 0.2)
{
    public const int Window = 16;

    /// <summary>
    /// How old a Date header may be when sent: Kestrel refreshes its cached value from a heartbeat once a second, and
    /// that heartbeat lags on a loaded machine. The margin costs nothing when clocks agree, and a wrong seed gives way
    /// to the first ack anyway.
    /// </summary>
    public static readonly TimeSpan DateHeaderStaleness = TimeSpan.FromSeconds(2);

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

    /// <summary>
    /// Seeds from a response's HTTP Date header, stamped by the hub between <paramref name="sentAt"/> and
    /// <paramref name="receivedAt"/> (runner clock). The header only bounds the offset to an interval about three seconds
    /// wide (whole seconds, and a server may cache it for up to <see cref="DateHeaderStaleness"/>), so the seed is the
    /// point of that interval nearest zero: clocks that agree as far as the header can tell are taken to agree.
    /// </summary>
    public void SeedFromDate(DateTimeOffset hubDate, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var lowest = (hubDate - receivedAt).TotalMilliseconds;
        var highest = (hubDate + TimeSpan.FromSeconds(1) + DateHeaderStaleness - sentAt).TotalMilliseconds;
        Seed((long)Math.Round(highest < lowest ? lowest : Math.Clamp(0, lowest, highest)));
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

            var (bestRtt, best) = _window.MinBy(w => w.RttMs);
            // The hub stamped inside the round trip, so the offset is within half of it from the sample: move only
            // as far as needed to get inside (a seed already inside is kept; one outside gives way to the sample).
            var target = Math.Clamp(_offsetMs, best - (bestRtt / 2), best + (bestRtt / 2));
            var inside = HasEstimate && Math.Abs(target - _offsetMs) < 0.5;
            _offsetMs = _fromRoundTrips ? _offsetMs + (smoothing * (target - _offsetMs)) : inside ? _offsetMs : best;
            _fromRoundTrips = true;
            HasEstimate = true;
            LastRttMs = (long)rtt;
            Samples++;
        }
    }

    public long ToHubTime(long relayUnixMs) => relayUnixMs + OffsetMs;

    public long ToRelayTime(long hubUnixMs) => hubUnixMs - OffsetMs;
}
