using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>Where a runner stands (joined, live, backfilling, stale, left), its connections and its newest sample; every member takes its lock.</summary>
internal sealed class RunnerPresence(RunnerState state, MetricSample? latest)
{
    private readonly Lock _gate = new();
    private RunnerState _state = state;
    private MetricSample? _latest = latest;
    private long _lastSampleAt;
    private int _connections;

    public RunnerState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public (RunnerState State, MetricSample? Latest) Read()
    {
        lock (_gate)
        {
            return (_state, _latest);
        }
    }

    /// <summary>State and hub time of the last accepted sample (unix ms, 0 when none).</summary>
    public (RunnerState State, long LastSampleAt) Activity()
    {
        lock (_gate)
        {
            return (_state, _lastSampleAt);
        }
    }

    /// <summary>A connection opened; true when the runner had left.</summary>
    public bool Connect()
    {
        lock (_gate)
        {
            _connections++;
            return _state == RunnerState.Left;
        }
    }

    /// <summary>A connection closed; true when it was the runner's last.</summary>
    public bool Disconnect()
    {
        lock (_gate)
        {
            _connections = Math.Max(0, _connections - 1);
            return _connections == 0;
        }
    }

    public void SampleAccepted(long nowUnixMs, MetricSample latest)
    {
        lock (_gate)
        {
            _lastSampleAt = nowUnixMs;
            _latest = latest;
        }
    }

    /// <summary>The newest sample as another node accepted it (scale-out).</summary>
    public void SetLatest(MetricSample latest)
    {
        lock (_gate)
        {
            _latest = latest;
        }
    }

    /// <summary>Sets the state; false when it was already that (and <paramref name="force"/> is false).</summary>
    public bool TrySet(RunnerState state, bool force = false)
    {
        lock (_gate)
        {
            if (_state == state && !force)
            {
                return false;
            }

            _state = state;
            return true;
        }
    }

    /// <summary>True when the runner is live or backfilling and sent nothing for more than <paramref name="staleMs"/>.</summary>
    public bool IsQuiet(long nowUnixMs, long staleMs)
    {
        lock (_gate)
        {
            return _state is RunnerState.Live or RunnerState.Backfilling && nowUnixMs - _lastSampleAt > staleMs;
        }
    }
}
