using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Alerts.Internal;

/// <summary>
/// One runner's state in the engine: rolling windows, baselines, warm-up, and one <see cref="RuleState"/> per alert kind.
/// Allocation-free per sample; allocates only to raise or clear an alert.
/// </summary>
internal sealed partial class RunnerTracker
{
    private static readonly int KindCount = Enum.GetValues<AlertKind>().Length;

    private readonly EngineConfig _config;
    private readonly CueRotation _cues;
    private readonly RollingMedian[] _windows = new RollingMedian[Metric.Count];
    private readonly double[] _current = new double[Metric.Count];
    private readonly bool[] _hasCurrent = new bool[Metric.Count];
    private readonly double[] _latest = new double[Metric.Count];
    private readonly bool[] _hasLatest = new bool[Metric.Count];
    private readonly double[] _baseline = new double[Metric.Count];
    private readonly bool[] _hasBaseline = new bool[Metric.Count];
    private readonly bool[] _baselineSeeded = new bool[Metric.Count];
    private readonly long[] _baselineAt = new long[Metric.Count];
    private readonly long[] _firstAt = new long[Metric.Count];
    private readonly bool[] _updated = new bool[Metric.Count];
    private readonly RuleState[] _rules;

    private const int SensorHeartRate = 0;
    private const int SensorFootpod = 1;
    private const int SensorPower = 2;
    private const int SensorAny = 3;

    private readonly long[] _sensorSeenAt = [long.MinValue, long.MinValue, long.MinValue, long.MinValue];
    private long _lastAt = long.MinValue;
    private long _lastEventAt = long.MinValue;
    private double _lastSpeed = double.NaN;
    private long _runningMs;
    private double _integratedDistanceM;
    private double _firstDistanceM = double.NaN;
    private double _fieldDistanceM;
    private bool _warmedUp;
    private bool? _contact;
    private int? _battery;

    public RunnerTracker(string runnerId, EngineConfig config, CueRotation cues)
    {
        RunnerId = runnerId;
        _config = config;
        _cues = cues;
        for (var m = 0; m < Metric.Count; m++)
        {
            _windows[m] = new RollingMedian(Metric.WindowCapacity, config.WindowMs);
            _firstAt[m] = long.MinValue;
        }

        _rules = new RuleState[KindCount];
        for (var k = 0; k < KindCount; k++)
        {
            _rules[k] = new RuleState();
        }
    }

    public string RunnerId { get; }

    public long LastAt => _lastAt;

    public bool WarmedUp => _warmedUp;

    /// <summary>Field values dropped as implausible (NaN, out of range): counted, never used.</summary>
    public long RejectedValues { get; private set; }

    /// <summary>The baseline of a metric, for tests and diagnostics.</summary>
    public double? Baseline(int metric) => _hasBaseline[metric] ? _baseline[metric] : null;

    public void Observe(MetricSample sample, ICollection<AlertEvent> events)
    {
        var t = _lastAt == long.MinValue ? sample.ObservedAt : Math.Max(sample.ObservedAt, _lastAt);
        var dt = _lastAt == long.MinValue ? 0 : t - _lastAt;

        // Sensors silent up to this sample: judged before the sample refreshes them, so a gap raises sensorLost at the
        // instant it became one, whether or not Tick saw it live; a replay says the same as the live run.
        CheckSilentSensors(t, events);
        if (dt >= _config.SensorLostMs)
        {
            dt = 0;
        }

        NoteSensors(sample, t);
        ref var lost = ref _rules[(int)AlertKind.SensorLost];
        if (lost.Open is not null && SilentSince(t) == long.MaxValue)
        {
            Clear(ref lost, t, cooldownMs: 0, events);
        }

        _lastAt = t;
        Array.Clear(_updated);
        AddReadings(sample, t);
        AdvanceWarmup(sample, dt);

        for (var m = 0; m < Metric.Count; m++)
        {
            _hasCurrent[m] = _windows[m].TryGetMedian(t, Metric.MinReadings, out _current[m]);
            _hasLatest[m] = _hasCurrent[m] && _windows[m].NewestAt == t;
        }

        EvaluateRules(t, events);
        UpdateBaselines(t);
    }

    /// <summary>Advances to hub time <paramref name="nowMs"/> without a sample: raises sensorLost once a sensor is silent long enough.</summary>
    public void Tick(long nowMs, ICollection<AlertEvent> events)
    {
        if (_lastAt == long.MinValue || nowMs <= _lastAt)
        {
            return;
        }

        var startedAt = CheckSilentSensors(nowMs, events);

        // The runner's clock moves to the alert: samples that turn up later with older times (backfill) are judged
        // at this instant, so the coach never sees an alert event earlier than one already shown.
        if (startedAt != long.MinValue)
        {
            _lastAt = Math.Max(_lastAt, startedAt);
        }
    }

    /// <summary>Raises sensorLost when a sensor that has reported is silent as of <paramref name="nowMs"/>; returns its start or MinValue.</summary>
    private long CheckSilentSensors(long nowMs, ICollection<AlertEvent> events)
    {
        ref var lost = ref _rules[(int)AlertKind.SensorLost];
        if (lost.Open is not null)
        {
            return long.MinValue;
        }

        var silentSince = SilentSince(nowMs);
        if (silentSince == long.MaxValue)
        {
            return long.MinValue;
        }

        var startedAt = Math.Max(silentSince + _config.SensorLostMs, _lastEventAt);
        Raise(ref lost, AlertKind.SensorLost, startedAt, null, null, AlertSeverity.Warning, null, SensorLostMessage(nowMs), events);
        return startedAt;
    }

    /// <summary>The earliest last-seen time among sensors silent for the sensorLost time as of <paramref name="nowMs"/>; MaxValue when none.</summary>
    private long SilentSince(long nowMs)
    {
        var since = long.MaxValue;
        for (var i = 0; i < _sensorSeenAt.Length; i++)
        {
            var seen = _sensorSeenAt[i];
            if (seen != long.MinValue && nowMs - seen >= _config.SensorLostMs)
            {
                since = Math.Min(since, seen);
            }
        }

        return since;
    }

    private void NoteSensors(MetricSample sample, long t)
    {
        if (sample.HeartRateBpm is not null || sample.RrIntervalsMs is not null || sample.SensorContact is not null)
        {
            _sensorSeenAt[SensorHeartRate] = t;
        }

        if (sample.CadenceSpm is not null || sample.SpeedMps is not null || sample.StrideLengthM is not null
            || sample.GroundContactMs is not null || sample.VerticalOscillationCm is not null || sample.GctBalanceLeftPct is not null)
        {
            _sensorSeenAt[SensorFootpod] = t;
        }

        if (sample.PowerW is not null)
        {
            _sensorSeenAt[SensorPower] = t;
        }

        // A sample with none of these (battery only) still proves the relay is there.
        _sensorSeenAt[SensorAny] = t;
    }

    /// <summary>Closes every open alert (the runner left).</summary>
    public void CloseAll(long atMs, ICollection<AlertEvent> events)
    {
        for (var k = 0; k < _rules.Length; k++)
        {
            if (_rules[k].Open is not null)
            {
                Clear(ref _rules[k], Math.Max(atMs, _lastAt), _config.CooldownMs, events);
            }
        }
    }

    private void AddReadings(MetricSample sample, long t)
    {
        Add(Metric.Cadence, sample.CadenceSpm, 0, 300, t);
        Add(Metric.Stride, sample.StrideLengthM, 0.05, 5, t);
        Add(Metric.Speed, sample.SpeedMps, 0, 15, t);
        Add(Metric.HeartRate, sample.HeartRateBpm, 25, 250, t);
        Add(Metric.GroundContact, sample.GroundContactMs, 50, 2000, t);
        Add(Metric.Oscillation, sample.VerticalOscillationCm, 0.5, 40, t);
        Add(Metric.Balance, sample.GctBalanceLeftPct, 1, 99, t);

        if (sample.SpeedMps is { } speed && double.IsFinite(speed) && speed is >= 0 and <= 15)
        {
            _lastSpeed = speed;
        }

        if (sample.SensorContact is { } contact)
        {
            _contact = contact;
        }

        if (sample.BatteryPct is { } battery)
        {
            if (battery is >= 0 and <= 100)
            {
                _battery = battery;
            }
            else
            {
                RejectedValues++;
            }
        }
    }

    private void Add(int metric, double? value, double min, double max, long t)
    {
        if (value is not { } v)
        {
            return;
        }

        if (!double.IsFinite(v) || v < min || v > max)
        {
            RejectedValues++;
            return;
        }

        _windows[metric].Add(t, v);
        _latest[metric] = v;
        _updated[metric] = true;
        if (_firstAt[metric] == long.MinValue)
        {
            _firstAt[metric] = t;
        }
    }

    private void AdvanceWarmup(MetricSample sample, long dt)
    {
        if (sample.DistanceM is { } d && double.IsFinite(d) && d >= 0)
        {
            if (double.IsNaN(_firstDistanceM))
            {
                _firstDistanceM = d;
            }

            _fieldDistanceM = Math.Max(_fieldDistanceM, d - _firstDistanceM);
        }

        var running = !double.IsNaN(_lastSpeed) && _lastSpeed >= _config.Settings.RunningMinSpeedMps;
        if (running)
        {
            _runningMs += dt;
            _integratedDistanceM += _lastSpeed * dt / 1000;
        }

        if (!_warmedUp)
        {
            var distance = double.IsNaN(_firstDistanceM) ? _integratedDistanceM : _fieldDistanceM;
            _warmedUp = _runningMs >= _config.WarmupMs || (distance >= _config.Settings.WarmupDistanceM && _runningMs > 0);
        }
    }

    /// <summary>
    /// Warm-up: a fast EWMA follows the settling runner. After it: a slow EWMA, frozen while the metric is off its baseline
    /// by a fraction of the nearest threshold or an alert on it is open, so a drift cannot drag its own reference along.
    /// </summary>
    private void UpdateBaselines(long t)
    {
        var running = IsRunning();
        for (var m = 0; m < Metric.Count; m++)
        {
            if (!_updated[m] || !_hasCurrent[m] || m == Metric.Balance)
            {
                continue;
            }

            var current = _current[m];
            if (!_baselineSeeded[m])
            {
                _baseline[m] = current;
                _baselineSeeded[m] = true;
                _baselineAt[m] = t;
                continue;
            }

            var dtMs = t - _baselineAt[m];
            _baselineAt[m] = t;
            if (!running)
            {
                continue;
            }

            if (!_hasBaseline[m])
            {
                _baseline[m] += Alpha(dtMs, _config.Settings.WarmupTimeConstantSeconds) * (current - _baseline[m]);
                _hasBaseline[m] = _warmedUp && t - _firstAt[m] >= _config.WindowMs;
                continue;
            }

            if (Frozen(m, current))
            {
                continue;
            }

            _baseline[m] += Alpha(dtMs, _config.Settings.BaselineTimeConstantSeconds) * (current - _baseline[m]);
        }
    }

    private bool Frozen(int metric, double current)
    {
        var offPct = Math.Abs(current / _baseline[metric] - 1) * 100;
        if (offPct >= _config.FreezePct[metric])
        {
            return true;
        }

        return metric switch
        {
            Metric.Cadence => IsOpen(AlertKind.CadenceDrop) || IsOpen(AlertKind.Overstride),
            Metric.Stride => IsOpen(AlertKind.StrideChange) || IsOpen(AlertKind.Overstride),
            Metric.GroundContact or Metric.Oscillation => IsOpen(AlertKind.HeavyFootfall),

            // Heart rate is only a baseline at the baseline pace: elsewhere it measures a different effort.
            Metric.HeartRate => IsOpen(AlertKind.HrDrift) || !PaceInBand(),
            Metric.Speed => IsOpen(AlertKind.HrDrift),
            _ => false,
        };
    }

    private static double Alpha(long dtMs, double timeConstantSeconds) =>
        dtMs <= 0 ? 0 : 1 - Math.Exp(-dtMs / (timeConstantSeconds * 1000));

    private bool IsOpen(AlertKind kind) => _rules[(int)kind].Open is not null;

    private bool Has(int metric) => _hasCurrent[metric] && _hasBaseline[metric];

    /// <summary>Percent the current value is above (+) or below (-) the baseline.</summary>
    private double Change(int metric) => (_current[metric] / _baseline[metric] - 1) * 100;

    private bool PaceInBand() =>
        Has(Metric.Speed) && Math.Abs(Change(Metric.Speed)) <= _config.Settings.HrDriftPaceBandPct;

    /// <summary>Form is only judged while running: a walk or a stop between repeats is not a cadence drop.</summary>
    private bool IsRunning() =>
        !_hasCurrent[Metric.Speed] || _current[Metric.Speed] >= _config.Settings.RunningMinSpeedMps;
}
