namespace MindMuscle.Live.Web.Review.Charts;

/// <summary>
/// A sample field the review charts draw (its JSON name, as <c>GET /series</c> takes it), how it is labelled and
/// written. Speed is drawn as pace (min/km, faster up), as runners and coaches read it.
/// </summary>
public sealed record ChartMetric(string Field, string Label, string Unit, int Decimals, bool IsPace = false)
{
    /// <summary>Below this a runner stands: no pace is drawn (as the live tiles show a dash).</summary>
    public const double StandingMps = 0.5;

    public static readonly ChartMetric HeartRate = new("heartRateBpm", "Heart rate", "bpm", 0);
    public static readonly ChartMetric Cadence = new("cadenceSpm", "Cadence", "spm", 0);
    public static readonly ChartMetric Pace = new("speedMps", "Pace", "min/km", 0, IsPace: true);
    public static readonly ChartMetric Stride = new("strideLengthM", "Stride length", "m", 2);
    public static readonly ChartMetric GroundContact = new("groundContactMs", "Ground contact", "ms", 0);
    public static readonly ChartMetric VerticalOscillation = new("verticalOscillationCm", "Vertical oscillation", "cm", 1);
    public static readonly ChartMetric Balance = new("gctBalanceLeftPct", "Left/right balance (left)", "%", 1);
    public static readonly ChartMetric Power = new("powerW", "Power", "W", 0);

    /// <summary>Every metric the picker offers, in its order.</summary>
    public static IReadOnlyList<ChartMetric> All { get; } =
        [HeartRate, Pace, Cadence, Stride, GroundContact, VerticalOscillation, Balance, Power];

    /// <summary>The metric of a sample field name; null for a field the charts do not draw.</summary>
    public static ChartMetric? Find(string? field) =>
        All.FirstOrDefault(m => string.Equals(m.Field, field, StringComparison.Ordinal));

    /// <summary>The value as drawn: pace in seconds per km for a speed (null when standing), else as it is.</summary>
    public double? ToPlotted(double value) =>
        !double.IsFinite(value) ? null
        : IsPace ? (value >= StandingMps ? 1000 / value : null)
        : value;
}
