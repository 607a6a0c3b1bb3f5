using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Track;

/// <summary>A coach's mark on a runner's timeline (sample time, UTC unix ms): it overrides what is detected from speed.</summary>
public readonly record struct TrackMarker(long At, TrackMarkerKind Kind)
{
    /// <summary>
    /// A <c>repStart</c> this soon after the marked rep's start, or a <c>lap</c> this soon after the lap's start, is a second
    /// tap on the same button (a tablet at the trackside), not a rep or a lap of its own.
    /// </summary>
    public const long DoublePressMs = 2_000;
}

[JsonConverter(typeof(JsonStringEnumConverter<TrackMarkerKind>))]
public enum TrackMarkerKind
{
    [JsonStringEnumMemberName("repStart")] RepStart = 0,
    [JsonStringEnumMemberName("repEnd")] RepEnd = 1,
    [JsonStringEnumMemberName("lap")] Lap = 2,
}
