namespace MindMuscle.Live.Core.Alerts.Quality;

/// <summary>Per alert kind: how many expected alerts were caught and how fast.</summary>
public sealed record KindQuality
{
    public required AlertKind Kind { get; init; }

    public required int Expected { get; init; }

    public required int Detected { get; init; }

    /// <summary>Of <see cref="Detected"/>, how many were covered by an alert of the kind already open when the event began.</summary>
    public required int AlreadyOpen { get; init; }

    /// <summary>Delay from the moment the deviation reached the alert's threshold (noise-free) to the alert, seconds.</summary>
    public required double? MedianDelaySeconds { get; init; }

    public required double? MaxDelaySeconds { get; init; }

    /// <summary>Delay from the event's scripted start (ramps included), seconds.</summary>
    public required double? MedianDelayFromEventStartSeconds { get; init; }

    /// <summary>Alerts of this kind on scripted runs that no event explains.</summary>
    public required int Unexpected { get; init; }

    /// <summary>Alerts of this kind on planned runs (interval sessions): information, not scored.</summary>
    public required int OnPlannedRuns { get; init; }

    /// <summary>Alerts of this kind on steady runs.</summary>
    public required int FalseOnSteady { get; init; }

    public double DetectionRate => Expected == 0 ? 1 : (double)Detected / Expected;
}

/// <summary>The harness result: per-kind figures, false alerts on steady runs, what was missed, and engine cost.</summary>
public sealed record AlertQualityReport
{
    public const double TargetDetectionRate = 0.95;
    public const double TargetMedianDelaySeconds = 20;
    public const double TargetFalseAlertsPerRunnerHour = 1;

    public required IReadOnlyList<KindQuality> Kinds { get; init; }

    public required int Cases { get; init; }

    public required int Scenarios { get; init; }

    public required double SteadyRunnerHours { get; init; }

    public required int FalseAlerts { get; init; }

    public required long Samples { get; init; }

    /// <summary>Mean engine time per sample over the whole harness, nanoseconds (wall clock, includes machine noise).</summary>
    public required double EngineNanosPerSample { get; init; }

    /// <summary>Human lines for each expected alert that was not detected, and each false alert.</summary>
    public required IReadOnlyList<string> Misses { get; init; }

    public double FalseAlertsPerRunnerHour => SteadyRunnerHours <= 0 ? 0 : FalseAlerts / SteadyRunnerHours;

    /// <summary>Every target met: detection ≥ 95 % and median delay ≤ 20 s per kind, ≤ 1 false alert per runner-hour.</summary>
    public bool MeetsTargets =>
        FalseAlertsPerRunnerHour <= TargetFalseAlertsPerRunnerHour
        && Kinds.Where(k => k.Expected > 0).All(k =>
            k.DetectionRate >= TargetDetectionRate && (k.MedianDelaySeconds ?? 0) <= TargetMedianDelaySeconds);
}
