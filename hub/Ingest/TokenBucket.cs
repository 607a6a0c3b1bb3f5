namespace MindMuscle.Live.Hub.Ingest;

/// <summary>
/// One runner's bucket: holds up to <c>capacity</c> tokens, refills at <c>perSecond</c> on the injected clock, one token
/// per publish. Also keeps the log throttle, so a flood costs one log line per interval, not one per batch.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _capacity;
    private readonly double _perSecond;
    private readonly TimeProvider _time;
    private readonly TimeSpan _logInterval;
    private double _tokens;
    private long _updatedAt;
    private long _loggedAt;
    private bool _everLogged;
    private long _refusedSinceLog;

    /// <summary>Starts full: a runner's first <paramref name="capacity"/> publishes go through at once.</summary>
    public TokenBucket(double capacity, double perSecond, TimeProvider time, TimeSpan logInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        _capacity = capacity;
        _perSecond = perSecond;
        _time = time;
        _logInterval = logInterval;
        _tokens = capacity;
        _updatedAt = time.GetTimestamp();
    }

    /// <summary>
    /// Refusals to log now: the bucket's first (<paramref name="First"/>), or those since the last report
    /// <paramref name="Since"/> ago. None while the last report is younger than the log interval.
    /// </summary>
    internal readonly record struct RefusalReport(bool First, long Refused, TimeSpan Since);

    internal double Tokens
    {
        get
        {
            lock (_gate)
            {
                Refill(_time.GetTimestamp());
                return _tokens;
            }
        }
    }

    /// <summary>Takes a token, or says how long until one is there (and whether the refusals are due to be logged).</summary>
    public bool TryTake(out TimeSpan retryAfter, out RefusalReport? report)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            Refill(now);
            // Within a rounding error of a whole token counts as one: a client that waits exactly the announced time
            // must get through.
            if (_tokens >= 1 - 1e-9)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                report = null;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
            _refusedSinceLog++;
            var since = _everLogged ? _time.GetElapsedTime(_loggedAt, now) : TimeSpan.Zero;
            if (!_everLogged || since >= _logInterval)
            {
                report = new RefusalReport(!_everLogged, _refusedSinceLog, since);
                _refusedSinceLog = 0;
                _loggedAt = now;
                _everLogged = true;
            }
            else
            {
                report = null;
            }

            return false;
        }
    }

    private void Refill(long now)
    {
        var elapsed = _time.GetElapsedTime(_updatedAt, now).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(_capacity, _tokens + (elapsed * _perSecond));
            _updatedAt = now;
        }
    }
}
