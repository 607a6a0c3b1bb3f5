namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// The noise-free values a runner settles towards at a moment of a scenario: the deterministic half of the model, also
/// used to derive which alerts an event should cause.
/// </summary>
public readonly record struct RunnerTargets(
    double SpeedMps,
    double CadenceSpm,
    double StrideLengthM,
    double VerticalOscillationCm,
    double GroundContactMs,
    double GctBalanceLeftPct,
    double HeartRateBpm,
    double PowerW)
{
    /// <summary>Cadence rises with pace by this power of the speed ratio; stride length takes the rest (typical of trained runners).</summary>
    internal const double CadenceSpeedExponent = 0.3;

    internal const double HeartRateEffortExponent = 1.6;

    private static readonly TimeSpan DriftOnset = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Folds the events in start order: each blends the running value towards its target by its weight at
    /// <paramref name="t"/>, so a later absolute event overrides an earlier one, and relative ones compound.
    /// </summary>
    public static RunnerTargets Compute(RunnerProfile profile, IReadOnlyList<ScenarioEvent> events, TimeSpan t)
    {
        double speedFactor = 1, cadenceFactor = 1, strideFactor = 1, voFactor = 1, gctFactor = 1, hrFactor = 1;
        var balance = profile.GctBalanceLeftPct;
        foreach (var e in events)
        {
            if (e.At > t)
            {
                break;
            }

            var w = e.Weight(t);
            if (w <= 0 || e.Changes.Count == 0)
            {
                continue;
            }

            foreach (var (metric, change) in e.Changes)
            {
                switch (metric)
                {
                    case ScenarioMetric.Speed: speedFactor = Blend(speedFactor, change, profile.SpeedMps, w); break;
                    case ScenarioMetric.Cadence: cadenceFactor = Blend(cadenceFactor, change, profile.CadenceSpm, w); break;
                    case ScenarioMetric.Stride: strideFactor = Blend(strideFactor, change, profile.SpeedMps * 60 / profile.CadenceSpm, w); break;
                    case ScenarioMetric.VerticalOscillation: voFactor = Blend(voFactor, change, profile.VerticalOscillationCm, w); break;
                    case ScenarioMetric.GroundContact: gctFactor = Blend(gctFactor, change, profile.GroundContactMs, w); break;
                    case ScenarioMetric.HeartRate: hrFactor = Blend(hrFactor, change, profile.HeartRateAtBaseBpm, w); break;
                    case ScenarioMetric.BalanceLeft: balance += ((change.IsRelative ? balance * (1 + change.Value) : change.Value) - balance) * w; break;
                    default: break;
                }
            }
        }

        var intendedSpeed = profile.SpeedMps * speedFactor;
        var speedRatio = intendedSpeed / profile.SpeedMps;
        var naturalCadence = profile.CadenceSpm * Math.Pow(speedRatio, CadenceSpeedExponent);
        var cadence = naturalCadence * cadenceFactor;
        var speed = intendedSpeed * strideFactor;
        var stride = speed * 60 / cadence;

        // Fewer steps at the same speed means more time in the air: more bounce and a longer, heavier contact.
        var vo = profile.VerticalOscillationCm * Math.Pow(naturalCadence / cadence, 0.8) * voFactor;
        var gct = profile.GroundContactMs * Math.Pow(profile.SpeedMps / speed, 0.7) * Math.Pow(naturalCadence / cadence, 0.3) * gctFactor;

        var effort = profile.RestingHeartRateBpm
            + ((profile.HeartRateAtBaseBpm - profile.RestingHeartRateBpm) * Math.Pow(speed / profile.SpeedMps, HeartRateEffortExponent));
        var drift = t > DriftOnset ? profile.CardiacDriftBpmPerMinute * (t - DriftOnset).TotalMinutes : 0;
        var hr = Math.Min(profile.MaxHeartRateBpm - 2, (effort + drift) * hrFactor);

        var power = profile.MassKg * speed * profile.PowerWattsPerKgPerMps;
        return new RunnerTargets(speed, cadence, stride, vo, gct, Math.Clamp(balance, 30, 70), hr, power);
    }

    private static double Blend(double factor, MetricChange change, double baseValue, double weight)
    {
        var target = change.IsRelative ? factor * (1 + change.Value) : change.Value / baseValue;
        return factor + ((target - factor) * weight);
    }
}
