using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>Where a console reads the reps and laps run before it watched (or while it was away): the hub's REST API.</summary>
internal interface IRecordedTrack
{
    /// <summary>Every runner's reps and laps so far (<c>GET /reps</c>, <c>/laps</c>) and the session's repFade alerts.</summary>
    Task<RecordedTrack> GetTrackAsync(string sessionId, CancellationToken cancellationToken);
}

/// <summary>The session's track so far: per runner its reps and laps, and the repFade alerts that mark faded reps.</summary>
internal sealed record RecordedTrack(IReadOnlyList<RunnerTrackRecord> Runners, IReadOnlyList<FormAlert> RepFades);

internal sealed record RunnerTrackRecord(string RunnerId, IReadOnlyList<Rep> Reps, IReadOnlyList<Lap> Laps);
