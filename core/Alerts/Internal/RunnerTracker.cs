using System.Globalization;
using MindMuscle.Live.Core.Alerts.Rules;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Alerts.Internal;

/// <summary>
/// One runner's state in the engine: rolling windows, baselines, warm-up, and each rule's <see cref="RuleRunner"/>. Rules
/// read the runner through the members below. Allocation-free per sample; allocates only to raise or clear an alert.
/// </summary>
internal sealed class RunnerTracker
{
    private readonly EngineConfig _config;
    private readonly CueRotation _cues;
    private readonly RuleRunner[] _rules;
    private readonly RollingMedian<double>[] _windows = new RollingMedian<double>[Metric.Count];
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

    private long _lastAt = long.MinValue;
    private double _lastSpeed = double.NaN;
    private long _runningMs;
    private double _integratedDistanceM;
    private double _firstDistanceM = double.NaN;
    private double _fieldDistanceM;

    public RunnerTracker(string runnerId, EngineConfig config, CueRotation cues)
    {
        RunnerId = runnerId;
        _config = config;
        _cues = cues;
        for (var m = 0; m < Metric.Count; m++)
        {
            _windows[m] = new RollingMedian<double>(Metric.WindowCapacity, config.WindowMs);
            _firstAt[m] = long.MinValue;
        }

        _rules = [.. config.Rules.Select(r => r.CreateRunner(config))];
    }

    public string RunnerId { get; }

    public long LastAt => _lastAt;

    /// <summary>Alert events of a runner never go back in time: the latest event's time.</summary>
    public long LastEventAt { get; private set; } = long.MinValue;

    public bool WarmedUp { get; private set; }

    /// <summary>Field values dropped (implausible, or a runner at rest for a ratio metric): counted, never used.</summary>
    public long RejectedValues { get; private set; }

    public long CooldownMs => _config.CooldownMs;

    // ---- what rules read ----

    /// <summary>Form is only judged while running: a walk or a stop between repeats is not a cadence drop.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Running and warmed up: baseline rules may judge.</summary>
    public bool IsJudged => IsRunning && WarmedUp;

    public int? Battery { get; private set; }

    public bool? Contact { get; private set; }

    /// <summary>The metric has a current value (its rolling median).</summary>
    public bool HasCurrent(int metric) => _hasCurrent[metric];

    /// <summary>The metric's current value has a reading of this very sample behind it.</summary>
    public bool HasLatest(int metric) => _hasLatest[metric];

    public double Current(int metric) => _current[metric];

    public double Latest(int metric) => _latest[metric];

    public double BaselineOf(int metric) => _baseline[metric];

    public bool HasCurrentChange(int metric) => _hasCurrent[metric] && _hasBaseline[metric];

    public bool HasLatestChange(int metric) => _hasLatest[metric] && _hasBaseline[metric];

    /// <summary>Percent the current value is above (+) or below (-) the baseline.</summary>
    public double CurrentChange(int metric) => (_current[metric] / _baseline[metric] - 1) * 100;

    /// <summary>Percent the latest reading is above (+) or below (-) the baseline.</summary>
    public double LatestChange(int metric) => (_latest[metric] / _baseline[metric] - 1) * 100;

    public bool HasChange(int metric, bool latest) => latest ? HasLatestChange(metric) : HasCurrentChange(metric);

    public double ChangeOf(int metric, bool latest) => latest ? LatestChange(metric) : CurrentChange(metric);

    // ---- driving ----

    public void Observe(MetricSample sample, ICollection<AlertEvent> events)
    {
        var t = _lastAt == long.MinValue ? sample.ObservedAt : Math.Max(sample.ObservedAt, _lastAt);
        var dt = _lastAt == long.MinValue ? 0 : t - _lastAt;
        foreach (var rule in _rules)
        {
            rule.BeforeReadings(this, sample, t, events);
        }

        if (dt >= _config.GapMs)
        {
            dt = 0;
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

        IsRunning = !_hasCurrent[Metric.Speed] || _current[Metric.Speed] >= _config.Settings.RunningMinSpeedMps;
        foreach (var rule in _rules)
        {
            rule.Evaluate(this, t, events);
        }

        UpdateBaselines(t);
    }

    /// <summary>A coach's track mark for this runner, passed to every rule (those following reps use it).</summary>
    public void Mark(Track.TrackMarker marker)
    {
        foreach (var rule in _rules)
        {
            rule.Mark(marker);
        }
    }

    /// <summary>A rep found outside the engine, passed to every rule (those following reps judge it).</summary>
    public void OnRep(Track.Rep rep, long t, bool judge, ICollection<AlertEvent> events)
    {
        foreach (var rule in _rules)
        {
            rule.OnRep(this, rep, t, judge, events);
        }
    }

    /// <summary>Advances to hub time <paramref name="nowMs"/> without a sample: time-based rules (sensorLost) may raise.</summary>
    public void Tick(long nowMs, ICollection<AlertEvent> events)
    {
        if (_lastAt == long.MinValue || nowMs <= _lastAt)
        {
            return;
        }

        var startedAt = long.MinValue;
        foreach (var rule in _rules)
        {
            startedAt = Math.Max(startedAt, rule.Tick(this, nowMs, events));
        }

        // The runner's clock moves to the alert: samples that turn up later with older times (backfill) are judged
        // at this instant, so the coach never sees an alert event earlier than one already shown.
        if (startedAt != long.MinValue)
        {
            _lastAt = Math.Max(_lastAt, startedAt);
        }
    }

    /// <summary>Closes every open alert (the runner left).</summary>
    public void CloseAll(long atMs, ICollection<AlertEvent> events)
    {
        foreach (var rule in _rules)
        {
            if (rule.IsOpen)
            {
                Clear(ref rule.State, Math.Max(atMs, _lastAt), _config.CooldownMs, events);
            }
        }
    }

    public void Raise(ref RuleState rule, AlertKind kind, long at, in AlertDraft draft, ICollection<AlertEvent> events)
    {
        at = Math.Max(at, LastEventAt);
        LastEventAt = at;
        var cue = _cues.Next(RunnerId, kind, draft.Side);
        var alert = new FormAlert
        {
            AlertId = string.Create(CultureInfo.InvariantCulture, $"{_config.SessionId}:{RunnerId}:{AlertKindNames.Of(kind)}:{at}"),
            Kind = kind,
            RunnerId = RunnerId,
            StartedAt = at,
            Baseline = draft.Baseline,
            Current = draft.Current,
            Severity = draft.Severity,
            Message = draft.Message,
            SuggestedCue = cue?.Text,
            SuggestedCueId = cue?.CueId,
            Side = draft.Side,
        };
        rule.Raised(alert);
        events.Add(new AlertEvent(AlertEventKind.Raised, alert));
    }

    public void Clear(ref RuleState rule, long at, long cooldownMs, ICollection<AlertEvent> events)
    {
        var open = rule.Open!;
        at = Math.Max(at, Math.Max(open.StartedAt, LastEventAt));
        LastEventAt = at;
        var cleared = open with { ClearedAt = at };
        rule.Cleared(at, cooldownMs);
        events.Add(new AlertEvent(AlertEventKind.Cleared, cleared));
    }

    // ---- readings, warm-up, baselines ----

    /// <summary>
    /// Values outside <see cref="PlausibleRanges"/> are dropped. So are readings of a runner at rest for the metrics judged
    /// as a ratio to the baseline (no stride, no contact time, no bounce, one foot only): they hold no form to judge.
    /// </summary>
    private void AddReadings(MetricSample sample, long t)
    {
        Add(Metric.Cadence, sample.CadenceSpm, PlausibleRanges.CadenceSpm, 0, t);
        Add(Metric.Stride, sample.StrideLengthM, PlausibleRanges.StrideLengthM, 0.05, t);
        Add(Metric.Speed, sample.SpeedMps, PlausibleRanges.SpeedMps, 0, t);
        Add(Metric.HeartRate, sample.HeartRateBpm, PlausibleRanges.HeartRateBpm, 0, t);
        Add(Metric.GroundContact, sample.GroundContactMs, PlausibleRanges.GroundContactMs, 50, t);
        Add(Metric.Oscillation, sample.VerticalOscillationCm, PlausibleRanges.VerticalOscillationCm, 0.5, t);
        Add(Metric.Balance, sample.GctBalanceLeftPct, PlausibleRanges.GctBalanceLeftPct, 1, t);

        if (sample.SpeedMps is { } speed && PlausibleRanges.SpeedMps.Contains(speed))
        {
            _lastSpeed = speed;
        }

        if (sample.SensorContact is { } contact)
        {
            Contact = contact;
        }

        if (sample.BatteryPct is { } battery)
        {
            if (PlausibleRanges.BatteryPct.Contains(battery))
            {
                Battery = battery;
            }
            else
            {
                RejectedValues++;
            }
        }
    }

    /// <summary><paramref name="restBelow"/>: readings under it (or, for the balance, over 100 minus it) mean a runner at rest.</summary>
    private void Add(int metric, double? value, PlausibleRange range, double restBelow, long t)
    {
        if (value is not { } v)
        {
            return;
        }

        if (!range.Contains(v) || v < restBelow || (metric == Metric.Balance && v > range.Max - restBelow))
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

        if (!WarmedUp)
        {
            var distance = double.IsNaN(_firstDistanceM) ? _integratedDistanceM : _fieldDistanceM;
            WarmedUp = _runningMs >= _config.WarmupMs || (distance >= _config.Settings.WarmupDistanceM && _runningMs > 0);
        }
    }

    /// <summary>
    /// Warm-up: a fast EWMA follows the settling runner. After it: a slow EWMA, held still while the rules say so
    /// (<see cref="BaselineHolds"/>), so a drift cannot drag its own reference along.
    /// </summary>
    private void UpdateBaselines(long t)
    {
        var running = IsRunning;
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
                _hasBaseline[m] = WarmedUp && t - _firstAt[m] >= _config.WindowMs;
                continue;
            }

            if (Held(m, current))
            {
                continue;
            }

            _baseline[m] += Alpha(dtMs, _config.Settings.BaselineTimeConstantSeconds) * (current - _baseline[m]);
        }
    }

    private bool Held(int metric, double current)
    {
        var holds = _config.Holds;
        var offPct = Math.Abs(current / _baseline[metric] - 1) * 100;
        if (offPct >= holds.FreezePct[metric])
        {
            return true;
        }

        foreach (var index in holds.Holders[metric])
        {
            var rule = _rules[index];
            if (rule.Rule.HoldsBaseline(metric, rule.IsOpen, this))
            {
                return true;
            }
        }

        return false;
    }

    private static double Alpha(long dtMs, double timeConstantSeconds) =>
        dtMs <= 0 ? 0 : 1 - Math.Exp(-dtMs / (timeConstantSeconds * 1000));
}
