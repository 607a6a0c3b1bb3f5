using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>Everything a live (or replayed) session tells the console, in arrival order.</summary>
internal abstract record LiveEvent;

internal sealed record SamplesReceived(SamplesFrame Frame) : LiveEvent;

internal sealed record AlertRaised(FormAlert Alert) : LiveEvent;

internal sealed record AlertCleared(FormAlert Alert) : LiveEvent;

internal sealed record RunnerStatusChanged(RunnerStatusUpdate Status) : LiveEvent;

internal sealed record CueUpdated(CueUpdate Cue) : LiveEvent;

/// <summary>Hub <c>RepCompleted</c>: a rep ended, or 60 s later its heart-rate drops became known.</summary>
internal sealed record RepReceived(RepCompleted Rep) : LiveEvent;

/// <summary>Hub <c>LapCompleted</c>.</summary>
internal sealed record LapReceived(LapCompleted Lap) : LiveEvent;

/// <summary>
/// The reps, laps and repFade alerts of the session so far, read over REST after a <c>Watch</c> snapshot (the snapshot
/// carries none); <paramref name="Error"/> says why they could not be read.
/// </summary>
internal sealed record TrackBackfilled(RecordedTrack Track, string? Error = null) : LiveEvent;

/// <summary>Hub <c>MarkerAdded</c>: a coach (this one or another) marked a lap, a rep start or end, or a note.</summary>
internal sealed record MarkerReceived(SessionMarker Marker) : LiveEvent;

/// <summary>Hub <c>SessionUpdated</c>: the session's summary changed (a coach switched its auto-cue mode).</summary>
internal sealed record SessionUpdated(SessionSummary Session) : LiveEvent;

/// <summary>The result of <c>Watch</c>: the first one, or a resync after a reconnect with the outage it followed.</summary>
internal sealed record SnapshotReceived(SessionSnapshot Snapshot, TimeSpan? Gap) : LiveEvent;

/// <summary>
/// One runner's samples this console missed (seqs <paramref name="FromSeq"/> to <paramref name="ToSeq"/>), read back
/// from the recording: after a resync (<see cref="GapCause.Resync"/>, what it missed while away) or after a jump in a
/// runner's seqs in the live feed (<see cref="GapCause.SeqJump"/>: frames the hub dropped for this console, or a batch
/// fanned out just before it watched). Older ones than the console's history window are not read (they would not be
/// shown), and a seq the runner never sent is not there, so <paramref name="Samples"/> can hold fewer;
/// <paramref name="Error"/> says why none could be read.
/// </summary>
internal sealed record GapFilled(
    string RunnerId, long FromSeq, long ToSeq, IReadOnlyList<MetricSample> Samples, string? Error = null, GapCause Cause = GapCause.Resync) : LiveEvent;

internal enum GapCause
{
    Resync = 0,
    SeqJump = 1,
}

internal sealed record ConnectionChanged(HubConnectionStatus Status, string? Detail) : LiveEvent;

/// <summary>Replay only: where the replay stands (sample time, UTC unix ms) and, when the hub says, the offset since the recording's start.</summary>
internal sealed record ReplayPosition(long At, long? OffsetMs = null) : LiveEvent;

/// <summary>Replay only: the stream restarts at <paramref name="FromMs"/> (offset from the recording's start); forget what was shown.</summary>
internal sealed record ReplayRestarted(SessionSnapshot Session, long FromMs) : LiveEvent;

internal enum HubConnectionStatus
{
    Connecting = 0,
    Connected = 1,
    Reconnecting = 2,
    Disconnected = 3,
    Replaying = 4,
    ReplayEnded = 5,
}
