using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>A session's stored row.</summary>
internal sealed record SessionRecord(
    string SessionId, string Name, string JoinCode, long CreatedAt, long? EndedAt,
    AutoCueMode AutoCue, double? TargetPaceSecPerKm, AlertSettings Settings, int HrMaxBpm = SessionRecord.DefaultHrMaxBpm)
{
    /// <summary>The group's HR max when the coach names none (and of sessions recorded before it was stored).</summary>
    public const int DefaultHrMaxBpm = 190;
}
