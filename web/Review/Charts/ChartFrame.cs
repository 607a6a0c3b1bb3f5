using System.Text.Json.Serialization;

namespace MindMuscle.Live.Web.Review.Charts;

/// <summary>
/// What js/charts.js draws in one chart: a shared x axis (unix seconds), per runner a mean line and a min-max band
/// (null where the runner has no bucket), shaded alert spans and vertical marks. Built by <see cref="ChartFrames"/>.
/// </summary>
public sealed record ChartFrame
{
    [JsonPropertyName("x")] public required double[] X { get; init; }

    [JsonPropertyName("series")] public required ChartLine[] Series { get; init; }

    [JsonPropertyName("spans")] public required ChartSpan[] Spans { get; init; }

    [JsonPropertyName("marks")] public required ChartMark[] Marks { get; init; }

    /// <summary>"pace" (seconds per km written m:ss) or "number".</summary>
    [JsonPropertyName("format")] public required string Format { get; init; }

    [JsonPropertyName("unit")] public required string Unit { get; init; }

    [JsonPropertyName("decimals")] public int Decimals { get; init; }

    /// <summary>The session's start, unix s: the axis writes elapsed time from it.</summary>
    [JsonPropertyName("originS")] public double OriginS { get; init; }

    /// <summary>The x range drawn (unix s); null: the data's own.</summary>
    [JsonPropertyName("xMin")] public double? XMin { get; init; }

    [JsonPropertyName("xMax")] public double? XMax { get; init; }

    /// <summary>The cursor line when the chart is created (unix s); later moves go through <c>cursor</c>.</summary>
    [JsonPropertyName("cursorAt")] public double? CursorAt { get; init; }
}

/// <summary>One runner's line: the bucket means, and the band between the bucket minima and maxima.</summary>
public sealed record ChartLine(
    [property: JsonPropertyName("runnerId")] string RunnerId,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("color")] string Color,
    [property: JsonPropertyName("mean")] double?[] Mean,
    [property: JsonPropertyName("min")] double?[] Min,
    [property: JsonPropertyName("max")] double?[] Max);

/// <summary>A shaded span (an alert from raise to clear), in unix s; the same span in unix ms for the page's list.</summary>
public sealed record ChartSpan(
    [property: JsonPropertyName("from")] double From,
    [property: JsonPropertyName("to")] double To,
    [property: JsonPropertyName("color")] string Color,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("runnerId")] string RunnerId,
    [property: JsonIgnore] long FromMs,
    [property: JsonIgnore] long ToMs,
    [property: JsonIgnore] string Label);

/// <summary>A vertical mark (a cue, a marker) at <see cref="T"/>, unix s.</summary>
public sealed record ChartMark(
    [property: JsonPropertyName("t")] double T,
    [property: JsonPropertyName("color")] string Color,
    [property: JsonPropertyName("dashed")] bool Dashed,
    [property: JsonPropertyName("label")] string Label);

/// <summary>A time range of a chart, UTC unix ms; null ends: the whole session's.</summary>
public readonly record struct ChartRange(long? From, long? To);

/// <summary>Overlaid (one chart, every runner) or small multiples (one chart per runner, shared x range).</summary>
public enum ChartMode
{
    Overlay = 0,
    Multiples = 1,
}
