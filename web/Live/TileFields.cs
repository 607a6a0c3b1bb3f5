using System.Globalization;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// The values of a tile that change with every reading, in the order js/tiles.js writes them: the element with
/// <c>data-metric</c> named by <see cref="Metrics"/> gets the text, the pace its raw <c>data-value</c>, the sparkline its
/// points. A field the tile does not show is null (left alone); an empty text is a value (a sparkline with no point).
/// </summary>
public static class TileFields
{
    public const int Count = 12;
    public const int SpeedRaw = 3;
    public const int Battery = 9;
    public const int BatteryLow = 10;
    public const int Spark = 11;

    /// <summary>The data-metric of each text field (null: not a text field).</summary>
    public static IReadOnlyList<string?> Metrics { get; } =
    [
        "heartRateBpm", "cadenceSpm", "speedMps", null, "strideLengthM", "groundContactMs", "verticalOscillationCm",
        "gctBalanceLeftPct", "powerW", "batteryPct", null, null,
    ];

    /// <summary>Fills <paramref name="into"/> with what the tile shows now (the same words the tile's markup writes).</summary>
    /// <remarks>
    /// The raw speed is a double's shortest text, costly in the browser's interpreter: <paramref name="into"/>'s
    /// previous raw text is kept while the speed is the same as <paramref name="shownSpeed"/>.
    /// </remarks>
    public static void Fill(Span<string?> into, RunnerLive runner, bool compact, SparkMetric spark, double? shownSpeed)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var sample = runner.Latest;
        var speed = sample?.SpeedMps;
        into[0] = MetricFormat.Number(sample?.HeartRateBpm);
        into[1] = MetricFormat.Number(sample?.CadenceSpm, 0);
        into[2] = MetricFormat.Pace(sample?.SpeedMps);
        if (speed != shownSpeed || into[SpeedRaw] is null)
        {
            into[SpeedRaw] = speed?.ToString(CultureInfo.InvariantCulture) ?? MetricFormat.Missing;
        }

        into[4] = compact ? null : MetricFormat.Number(sample?.StrideLengthM, 2);
        into[5] = MetricFormat.Number(sample?.GroundContactMs, 0);
        into[6] = compact ? null : MetricFormat.Number(sample?.VerticalOscillationCm, 1);
        into[7] = MetricFormat.Balance(sample?.GctBalanceLeftPct);
        into[8] = compact ? null : MetricFormat.Number(sample?.PowerW);
        into[Battery] = compact ? null : MetricFormat.Number(sample?.BatteryPct);
        into[BatteryLow] = compact ? null : sample?.BatteryPct is < 15 ? "1" : "0";
        // No point in the window is an empty line, written as such: the old line must not stay on screen.
        into[Spark] = compact || sample?.SensorContact == false ? null : runner.History.SparklinePoints(spark, 120, 18);
    }
}
