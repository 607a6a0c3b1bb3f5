using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Track;

/// <summary>
/// How <see cref="RepDetector"/> tells work bouts from recoveries and pace waves (docs/track.md gives the reasoning).
/// Out-of-range values are not trusted: the detector reads them through <see cref="Normalized"/>.
/// </summary>
public sealed record RepDetectorOptions
{
    /// <summary>Speed is judged as its median over this many seconds (default 5): one wild reading moves nothing.</summary>
    [JsonPropertyName("smoothingSeconds")] public double SmoothingSeconds { get; init; } = 5;

    /// <summary>A rep starts this percent above the recovery's speed (default 15): ±4 % pace waves never get there.</summary>
    [JsonPropertyName("startRisePct")] public double StartRisePct { get; init; } = 15;

    /// <summary>And at least this fast, m/s (default 3.0, 5:33/km): a walk-to-jog is not a rep.</summary>
    [JsonPropertyName("minWorkSpeedMps")] public double MinWorkSpeedMps { get; init; } = 3.0;

    /// <summary>A rep ends this percent below its own mean speed (default 15).</summary>
    [JsonPropertyName("endDropPct")] public double EndDropPct { get; init; } = 15;

    /// <summary>A bout shorter than this is a stride, not a rep, seconds (default 25: a 20 s fartlek stride is not a rep).</summary>
    [JsonPropertyName("minRepSeconds")] public double MinRepSeconds { get; init; } = 25;

    /// <summary>A bout longer than this is a continuous run, not a rep, seconds (default 1200).</summary>
    [JsonPropertyName("maxRepSeconds")] public double MaxRepSeconds { get; init; } = 1200;

    /// <summary>A slowdown must last this long to end a rep, seconds (default 6): a stumble or a tight bend does not.</summary>
    [JsonPropertyName("endSettleSeconds")] public double EndSettleSeconds { get; init; } = 6;

    /// <summary>
    /// A rep's bounds are placed this percent of the way into the change of speed (default 25): where the runner has
    /// started to speed up, and started to ease off. Halfway would cut the acceleration and the slowdown off the rep,
    /// short of its distance, and read the heart rate at its end after it has begun to fall.
    /// </summary>
    [JsonPropertyName("boundaryChangePct")] public double BoundaryChangePct { get; init; } = 25;

    /// <summary>A recovery whose 60 s heart-rate drop is this percent smaller than the first rep's is flagged (default 25).</summary>
    [JsonPropertyName("slowRecoveryPct")] public double SlowRecoveryPct { get; init; } = 25;

    public static RepDetectorOptions Default { get; } = new();

    /// <summary>The options with every value forced into a sane range (NaN or absurd values fall back to the default).</summary>
    public RepDetectorOptions Normalized()
    {
        var d = Default;
        var min = Clamp(MinRepSeconds, 5, 600, d.MinRepSeconds);
        return this with
        {
            SmoothingSeconds = Clamp(SmoothingSeconds, 1, 30, d.SmoothingSeconds),
            StartRisePct = Clamp(StartRisePct, 5, 200, d.StartRisePct),
            MinWorkSpeedMps = Clamp(MinWorkSpeedMps, 0.5, 10, d.MinWorkSpeedMps),
            EndDropPct = Clamp(EndDropPct, 5, 80, d.EndDropPct),
            MinRepSeconds = min,
            MaxRepSeconds = Clamp(MaxRepSeconds, min, 7200, Math.Max(min, d.MaxRepSeconds)),
            EndSettleSeconds = Clamp(EndSettleSeconds, 1, 30, d.EndSettleSeconds),
            BoundaryChangePct = Clamp(BoundaryChangePct, 5, 50, d.BoundaryChangePct),
            SlowRecoveryPct = Clamp(SlowRecoveryPct, 1, 100, d.SlowRecoveryPct),
        };
    }

    private static double Clamp(double value, double min, double max, double fallback) =>
        double.IsFinite(value) && value >= min && value <= max ? value : fallback;
}
