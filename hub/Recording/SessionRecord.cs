using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>A session's stored row.</summary>
internal sealed record SessionRecord(
    string SessionId, string Name, string JoinCode, long CreatedAt, long? EndedAt,
    AutoCueMode AutoCue, double? TargetPaceSecPerKm, AlertSettings Settings);
