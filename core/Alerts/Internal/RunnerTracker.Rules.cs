using System.Globalization;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Core.Alerts.Internal;

internal sealed partial class RunnerTracker
{
    private void EvaluateRules(long t, ICollection<AlertEvent> events)
    {
        var s = _config.Settings;
        var keep = _config.Keep;
        var running = IsRunning();
        var judged = running && _warmedUp;
        var cur = _current;
        var raw = _latest;

        // Each rule: breached on the 20 s medians (robust: a spike moves nothing) and on the latest raw reading (the
        // deviation is still there now), recovered on the medians only, past the hysteresis line.

        // cadenceDrop: percent below baseline.
        Step(AlertKind.CadenceDrop, t,
            judged && Has(_hasCurrent, Metric.Cadence) && -Chg(cur, Metric.Cadence) >= s.CadenceDropPct,
            judged && Has(_hasLatest, Metric.Cadence) && -Chg(raw, Metric.Cadence) >= s.CadenceDropPct,
            !running || (judged && Has(_hasCurrent, Metric.Cadence) && -Chg(cur, Metric.Cadence) < s.CadenceDropPct * keep),
            s.CadenceDropSeconds, Metric.Cadence, -Chg(cur, Metric.Cadence) / s.CadenceDropPct, events);

        // strideChange: either way.
        Step(AlertKind.StrideChange, t,
            judged && Has(_hasCurrent, Metric.Stride) && Math.Abs(Chg(cur, Metric.Stride)) >= s.StrideChangePct,
            judged && Has(_hasLatest, Metric.Stride) && Math.Abs(Chg(raw, Metric.Stride)) >= s.StrideChangePct,
            !running || (judged && Has(_hasCurrent, Metric.Stride) && Math.Abs(Chg(cur, Metric.Stride)) < s.StrideChangePct * keep),
            s.StrideChangeSeconds, Metric.Stride, Math.Abs(Chg(cur, Metric.Stride)) / s.StrideChangePct, events);

        // overstride: longer stride while cadence falls (reaching forward instead of turning over).
        Step(AlertKind.Overstride, t,
            judged && Overstriding(_hasCurrent, cur, 1),
            judged && Overstriding(_hasLatest, raw, 1),
            !running || (judged && Has(_hasCurrent, Metric.Stride) && Has(_hasCurrent, Metric.Cadence) && !Overstriding(_hasCurrent, cur, keep)),
            s.OverstrideSeconds, Metric.Stride,
            Math.Min(Chg(cur, Metric.Stride) / s.OverstrideStridePct, -Chg(cur, Metric.Cadence) / s.OverstrideCadencePct), events);

        // heavyFootfall: more bounce or longer ground contact, whichever shows.
        {
            var vo = Has(_hasCurrent, Metric.Oscillation);
            var gct = Has(_hasCurrent, Metric.GroundContact);
            var voRatio = vo ? Chg(cur, Metric.Oscillation) / s.HeavyFootfallOscillationPct : 0;
            var gctRatio = gct ? Chg(cur, Metric.GroundContact) / s.HeavyFootfallContactPct : 0;
            Step(AlertKind.HeavyFootfall, t,
                judged && Heavy(_hasCurrent, cur, 1),
                judged && Heavy(_hasLatest, raw, 1),
                !running || (judged && (vo || gct) && !Heavy(_hasCurrent, cur, keep)),
                s.HeavyFootfallSeconds, vo && (!gct || voRatio >= gctRatio) ? Metric.Oscillation : Metric.GroundContact,
                Math.Max(voRatio, gctRatio), events);
        }

        // imbalance: an absolute share, no baseline needed; still only judged while running.
        {
            var limit = s.ImbalanceMaxSharePct - 50;
            Step(AlertKind.Imbalance, t,
                running && _hasCurrent[Metric.Balance] && Math.Abs(cur[Metric.Balance] - 50) >= limit,
                running && _hasLatest[Metric.Balance] && Math.Abs(raw[Metric.Balance] - 50) >= limit,
                !running || (_hasCurrent[Metric.Balance] && Math.Abs(cur[Metric.Balance] - 50) < limit * keep),
                s.ImbalanceSeconds, Metric.Balance, Math.Abs(cur[Metric.Balance] - 50) / limit, events);
        }

        // hrDrift: heart rate up at an unchanged pace (cardiac drift). The raw check is on heart rate only: pace is
        // judged on its median, a single fast stride must not veto it.
        {
            var paceInBand = PaceInBand();
            Step(AlertKind.HrDrift, t,
                judged && paceInBand && Has(_hasCurrent, Metric.HeartRate) && Chg(cur, Metric.HeartRate) >= s.HrDriftPct,
                judged && paceInBand && Has(_hasLatest, Metric.HeartRate) && Chg(raw, Metric.HeartRate) >= s.HrDriftPct,
                !running || (judged && Has(_hasCurrent, Metric.HeartRate) && Chg(cur, Metric.HeartRate) < s.HrDriftPct * keep),
                s.HrDriftSeconds, Metric.HeartRate, Chg(cur, Metric.HeartRate) / s.HrDriftPct, events);
        }

        // hrCeiling: absolute, running or not.
        if (s.HrCeilingBpm is { } ceiling)
        {
            Step(AlertKind.HrCeiling, t,
                _hasCurrent[Metric.HeartRate] && cur[Metric.HeartRate] > ceiling,
                _hasLatest[Metric.HeartRate] && raw[Metric.HeartRate] > ceiling,
                _hasCurrent[Metric.HeartRate] && cur[Metric.HeartRate] <= ceiling - s.HrCeilingHysteresisBpm,
                s.HrCeilingSeconds, Metric.HeartRate, 2, events);
        }

        // paceDrop: slower than the session's target; a stop is not a pace drop (the coach sees the stop itself).
        if (_config.TargetSpeedMps is { } targetSpeed)
        {
            var ok = judged && _hasCurrent[Metric.Speed] && cur[Metric.Speed] > 0;
            var slowerPct = ok ? (targetSpeed / cur[Metric.Speed] - 1) * 100 : 0;
            var rawOk = judged && _hasLatest[Metric.Speed] && raw[Metric.Speed] > 0;
            Step(AlertKind.PaceDrop, t,
                ok && slowerPct >= s.PaceDropPct,
                rawOk && (targetSpeed / raw[Metric.Speed] - 1) * 100 >= s.PaceDropPct,
                !running || (ok && slowerPct < s.PaceDropPct * keep),
                s.PaceDropSeconds, Metric.Speed, slowerPct / s.PaceDropPct, events);
        }

        // lowBattery: at or below the limit; clears 5 points above it (a fresh sensor).
        {
            var breached = _battery is { } b && b <= s.LowBatteryPct;
            Step(AlertKind.LowBattery, t, breached, breached, _battery is { } r && r >= s.LowBatteryPct + 5, 0, -1, 1, events);
        }

        // contactLost: the strap says it does not touch skin.
        Step(AlertKind.ContactLost, t, _contact == false, _contact == false, _contact == true, s.ContactLostSeconds, -1, 1, events);
    }

    private bool Overstriding(bool[] has, double[] values, double scale) =>
        Has(has, Metric.Stride) && Has(has, Metric.Cadence)
        && Chg(values, Metric.Stride) >= _config.Settings.OverstrideStridePct * scale
        && -Chg(values, Metric.Cadence) >= _config.Settings.OverstrideCadencePct * scale;

    private bool Heavy(bool[] has, double[] values, double scale) =>
        (Has(has, Metric.Oscillation) && Chg(values, Metric.Oscillation) >= _config.Settings.HeavyFootfallOscillationPct * scale)
        || (Has(has, Metric.GroundContact) && Chg(values, Metric.GroundContact) >= _config.Settings.HeavyFootfallContactPct * scale);

    private bool Has(bool[] has, int metric) => has[metric] && _hasBaseline[metric];

    /// <summary>Percent <paramref name="values"/>[metric] is above (+) or below (-) the baseline.</summary>
    private double Chg(double[] values, int metric) => (values[metric] / _baseline[metric] - 1) * 100;

    private void Step(AlertKind kind, long t, bool breached, bool rawBreached, bool recovered, double minSeconds, int metric,
        double ratio, ICollection<AlertEvent> events)
    {
        ref var rule = ref _rules[(int)kind];
        var clearMs = kind is AlertKind.LowBattery or AlertKind.ContactLost ? 0 : _config.ClearMs;
        var pendingSince = rule.PendingSince;
        switch (rule.Step(t, breached, rawBreached, recovered, EngineConfig.Ms(minSeconds), clearMs))
        {
            case RuleTransition.Raise:
                var severity = kind switch
                {
                    AlertKind.HrCeiling => AlertSeverity.Critical,
                    AlertKind.LowBattery => _battery <= 5 ? AlertSeverity.Critical : AlertSeverity.Info,
                    AlertKind.ContactLost => AlertSeverity.Warning,
                    _ => ratio >= 2 ? AlertSeverity.Critical : AlertSeverity.Warning,
                };
                var (baseline, current) = Values(kind, metric);
                var side = kind == AlertKind.Imbalance ? WeakerSide() : null;
                Raise(ref rule, kind, t, baseline, current, severity, side, Message(kind, t - pendingSince, baseline, current, side), events);
                break;
            case RuleTransition.Clear:
                Clear(ref rule, t, _config.CooldownMs, events);
                break;
        }
    }

    /// <summary>
    /// The side with the smaller share of ground contact works less: it leaves the ground sooner because it is not
    /// loaded as long (the usual pattern when a runner favours a leg or one glute stops firing).
    /// </summary>
    private string WeakerSide() => _current[Metric.Balance] < 50 ? "left" : "right";

    private (double? Baseline, double? Current) Values(AlertKind kind, int metric) => kind switch
    {
        AlertKind.LowBattery => (null, _battery),
        AlertKind.ContactLost => (null, null),
        AlertKind.Imbalance => (50, Round(_current[Metric.Balance], 1)),
        AlertKind.HrCeiling => (_config.Settings.HrCeilingBpm, Round(_current[Metric.HeartRate], 0)),
        AlertKind.PaceDrop => (_config.Settings.TargetPaceSecPerKm, Round(1000 / _current[Metric.Speed], 1)),
        _ => (Round(_baseline[metric], Digits(metric)), Round(_current[metric], Digits(metric))),
    };

    private static int Digits(int metric) => metric switch
    {
        Metric.Stride or Metric.Speed => 2,
        Metric.Oscillation => 1,
        _ => 0,
    };

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    private string Message(AlertKind kind, long forMs, double? baseline, double? current, string? side)
    {
        var s = _config.Settings;
        var seconds = forMs / 1000.0;
        var c = current ?? double.NaN;
        var b = baseline ?? double.NaN;
        var pct = Math.Abs((c / b - 1) * 100);
        return kind switch
        {
            AlertKind.CadenceDrop => F($"Cadence {c:0} spm, {pct:0.0} % below baseline {b:0} for {seconds:0} s"),
            AlertKind.StrideChange => F($"Stride {c:0.00} m, {pct:0.0} % {(c > b ? "longer" : "shorter")} than baseline {b:0.00} m for {seconds:0} s"),
            AlertKind.Overstride => F($"Overstride: stride {c:0.00} m ({pct:+0.0} %) while cadence {_current[Metric.Cadence]:0} spm ({Change(Metric.Cadence):0.0} %) for {seconds:0} s"),
            AlertKind.HeavyFootfall => HeavyFootfallMessage(seconds),
            AlertKind.Imbalance => F($"Imbalance: ground contact {c:0.0}/{100 - c:0.0} % left/right for {seconds:0} s; the {side} side works less"),
            AlertKind.HrDrift => F($"Heart rate {c:0} bpm, {pct:0.0} % above baseline {b:0} at an unchanged pace for {seconds:0} s"),
            AlertKind.HrCeiling => F($"Heart rate {c:0} bpm above the ceiling {b:0} bpm for {seconds:0} s"),
            AlertKind.PaceDrop => F($"Pace {Pace(c)}/km, {pct:0.0} % slower than the target {Pace(b)}/km for {seconds:0} s"),
            AlertKind.LowBattery => F($"Sensor battery at {c:0} % (limit {s.LowBatteryPct} %)"),
            AlertKind.ContactLost => F($"Sensor reports no skin contact for {seconds:0} s"),
            _ => AlertKindNames.Of(kind),
        };
    }

    private string HeavyFootfallMessage(double seconds)
    {
        var parts = new List<string>(2);
        if (Has(Metric.Oscillation))
        {
            parts.Add(F($"vertical oscillation {_current[Metric.Oscillation]:0.0} cm ({Change(Metric.Oscillation):+0.0;-0.0} %)"));
        }

        if (Has(Metric.GroundContact))
        {
            parts.Add(F($"ground contact {_current[Metric.GroundContact]:0} ms ({Change(Metric.GroundContact):+0.0;-0.0} %)"));
        }

        return F($"Heavy footfall: {string.Join(", ", parts)} for {seconds:0} s");
    }

    private string SensorLostMessage(long nowMs)
    {
        var silent = new List<string>(3);
        string[] names = ["heart-rate strap", "footpod", "power pod"];
        for (var i = 0; i < names.Length; i++)
        {
            if (_sensorSeenAt[i] != long.MinValue && nowMs - _sensorSeenAt[i] >= _config.SensorLostMs)
            {
                silent.Add(names[i]);
            }
        }

        return silent.Count == 0 || _sensorSeenAt[SensorAny] <= nowMs - _config.SensorLostMs
            ? F($"No data from the runner for {_config.SensorLostMs / 1000.0:0} s")
            : F($"No data from the {string.Join(" and ", silent)} for {_config.SensorLostMs / 1000.0:0} s");
    }

    private static string Pace(double secPerKm) =>
        double.IsFinite(secPerKm) ? F($"{(int)(secPerKm / 60)}:{(int)(secPerKm % 60):00}") : "-";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void Raise(ref RuleState rule, AlertKind kind, long at, double? baseline, double? current, AlertSeverity severity,
        string? side, string message, ICollection<AlertEvent> events)
    {
        at = Math.Max(at, _lastEventAt);
        _lastEventAt = at;
        var cue = CueCatalogSuggests(kind, side);
        var alert = new FormAlert
        {
            AlertId = F($"{_config.SessionId}:{RunnerId}:{AlertKindNames.Of(kind)}:{at}"),
            Kind = kind,
            RunnerId = RunnerId,
            StartedAt = at,
            Baseline = baseline,
            Current = current,
            Severity = severity,
            Message = message,
            SuggestedCue = cue?.Text,
            SuggestedCueId = cue?.CueId,
            Side = side,
        };
        rule.Raised(alert);
        events.Add(new AlertEvent(AlertEventKind.Raised, alert));
    }

    private CueChoice? CueCatalogSuggests(AlertKind kind, string? side) => _cues.Next(RunnerId, kind, side);

    private void Clear(ref RuleState rule, long at, long cooldownMs, ICollection<AlertEvent> events)
    {
        var open = rule.Open!;
        at = Math.Max(at, Math.Max(open.StartedAt, _lastEventAt));
        _lastEventAt = at;
        var cleared = open with { ClearedAt = at };
        rule.Cleared(at, cooldownMs);
        events.Add(new AlertEvent(AlertEventKind.Cleared, cleared));
    }
}
