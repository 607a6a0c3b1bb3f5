using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Web.Live;

/// <summary>The metric the tiles' sparklines draw (one choice for the whole view).</summary>
public enum SparkMetric
{
    HeartRate = 0,
    Cadence = 1,
    Speed = 2,
    GroundContact = 3,
    Balance = 4,
    Power = 5,
    Stride = 6,
    VerticalOscillation = 7,
}

public static class SparkMetrics
{
    public static IReadOnlyList<SparkMetric> All { get; } = Enum.GetValues<SparkMetric>();

    public static double? Read(this SparkMetric metric, MetricSample sample) => metric switch
    {
        SparkMetric.HeartRate => sample.HeartRateBpm,
        SparkMetric.Cadence => sample.CadenceSpm,
        SparkMetric.Speed => sample.SpeedMps,
        SparkMetric.GroundContact => sample.GroundContactMs,
        SparkMetric.Balance => sample.GctBalanceLeftPct,
        SparkMetric.Power => sample.PowerW,
        SparkMetric.Stride => sample.StrideLengthM,
        _ => sample.VerticalOscillationCm,
    };

    public static string Label(this SparkMetric metric) => metric switch
    {
        SparkMetric.HeartRate => "Heart rate",
        SparkMetric.Cadence => "Cadence",
        SparkMetric.Speed => "Speed",
        SparkMetric.GroundContact => "Ground contact",
        SparkMetric.Balance => "L/R balance",
        SparkMetric.Power => "Power",
        SparkMetric.Stride => "Stride",
        _ => "Vertical oscillation",
    };
}
