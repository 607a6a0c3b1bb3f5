using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>
/// Where a runner stands (joined, live, backfilling, stale, left), its connections and its newest sample; every member
/// takes its lock. The newest sample is kept as values copied into storage made once per runner, not as the incoming
/// object: a reference to each runner's newest sample made every gen0 collection promote it (and its batch's arrays)
/// until the runner's next publish replaced it. Only a snapshot (a coach watching) makes a sample of them again.
/// </summary>
internal sealed class RunnerPresence
{
    private readonly Lock _gate = new();
    private RunnerState _state;
    private LatestSample _latest;
    private long _lastSampleAt;
    private int _connections;

    public RunnerPresence(RunnerState state, MetricSample? latest)
    {
        _state = state;
        if (latest is not null)
        {
            _latest.Set(latest);
        }
    }

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
            return (_state, _latest.Get());
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
            _latest.Set(latest);
        }
    }

    /// <summary>The newest sample as another node accepted it (scale-out).</summary>
    public void SetLatest(MetricSample latest)
    {
        lock (_gate)
        {
            _latest.Set(latest);
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

    /// <summary>
    /// A sample's values, in the presence object itself; its beat-to-beat intervals in an array of the runner's that is
    /// reused (grown when a sample carries more). No reference to anything the sample came in.
    /// </summary>
    private struct LatestSample
    {
        private bool _has;
        private long _seq;
        private long _observedAt;
        private int? _heartRateBpm;
        private double[]? _rr;
        private int _rrCount;
        private bool _hasRr;
        private double? _cadenceSpm;
        private double? _speedMps;
        private double? _strideLengthM;
        private double? _distanceM;
        private int? _powerW;
        private double? _groundContactMs;
        private double? _verticalOscillationCm;
        private double? _gctBalanceLeftPct;
        private bool? _sensorContact;
        private int? _batteryPct;
        private bool _backfilled;

        public void Set(MetricSample sample)
        {
            _has = true;
            _seq = sample.Seq;
            _observedAt = sample.ObservedAt;
            _heartRateBpm = sample.HeartRateBpm;
            _hasRr = sample.RrIntervalsMs is not null;
            _rrCount = sample.RrIntervalsMs?.Length ?? 0;
            if (_rrCount > 0)
            {
                if (_rr is null || _rr.Length < _rrCount)
                {
                    _rr = new double[Math.Max(_rrCount, 4)];
                }

                sample.RrIntervalsMs.AsSpan().CopyTo(_rr);
            }

            _cadenceSpm = sample.CadenceSpm;
            _speedMps = sample.SpeedMps;
            _strideLengthM = sample.StrideLengthM;
            _distanceM = sample.DistanceM;
            _powerW = sample.PowerW;
            _groundContactMs = sample.GroundContactMs;
            _verticalOscillationCm = sample.VerticalOscillationCm;
            _gctBalanceLeftPct = sample.GctBalanceLeftPct;
            _sensorContact = sample.SensorContact;
            _batteryPct = sample.BatteryPct;
            _backfilled = sample.Backfilled;
        }

        /// <summary>A new sample of the values (its own intervals array), or null when none was set.</summary>
        public readonly MetricSample? Get() => !_has ? null : new MetricSample
        {
            Seq = _seq,
            ObservedAt = _observedAt,
            HeartRateBpm = _heartRateBpm,
            RrIntervalsMs = !_hasRr ? null : _rrCount == 0 ? [] : _rr.AsSpan(0, _rrCount).ToArray(),
            CadenceSpm = _cadenceSpm,
            SpeedMps = _speedMps,
            StrideLengthM = _strideLengthM,
            DistanceM = _distanceM,
            PowerW = _powerW,
            GroundContactMs = _groundContactMs,
            VerticalOscillationCm = _verticalOscillationCm,
            GctBalanceLeftPct = _gctBalanceLeftPct,
            SensorContact = _sensorContact,
            BatteryPct = _batteryPct,
            Backfilled = _backfilled,
        };
    }
}
