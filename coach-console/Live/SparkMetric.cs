namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>The metric the sparkline column shows; <c>m</c> cycles through them.</summary>
internal enum SparkMetric
{
    Cadence = 0,
    HeartRate = 1,
    Pace = 2,
    Stride = 3,
    GroundContact = 4,
    VerticalOscillation = 5,
    Power = 6,
    Balance = 7,
}

internal static class SparkMetrics
{
    public static IReadOnlyList<SparkMetric> All { get; } = Enum.GetValues<SparkMetric>();

    public static SparkMetric Next(this SparkMetric metric) => All[((int)metric + 1) % All.Count];

    public static string Label(this SparkMetric metric) => metric switch
    {
        SparkMetric.Cadence => "cadence spm",
        SparkMetric.HeartRate => "heart rate bpm",
        SparkMetric.Pace => "speed (pace)",
        SparkMetric.Stride => "stride m",
        SparkMetric.GroundContact => "ground contact ms",
        SparkMetric.VerticalOscillation => "vertical osc. cm",
        SparkMetric.Power => "power W",
        SparkMetric.Balance => "balance % left",
        _ => metric.ToString(),
    };
}
