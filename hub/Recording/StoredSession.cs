using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// A session as the recording holds it: its row, its runners, its open alerts and its cues (running sessions only), and
/// its markers.
/// </summary>
internal sealed record StoredSession(
    SessionRecord Record, IReadOnlyList<StoredRunner> Runners, IReadOnlyList<FormAlert> OpenAlerts, IReadOnlyList<CueUpdate> Cues,
    IReadOnlyList<SessionMarker> Markers);

/// <summary>A runner's row with its recorded progress and its newest recorded sample.</summary>
internal sealed record StoredRunner(string RunnerId, string Name, string RejoinHash, RecordedProgress Progress, MetricSample? Latest);

/// <summary>
/// What the recording holds of one runner: the highest contiguous seq, the seqs recorded above a gap, and how many
/// samples in all.
/// </summary>
internal sealed record RecordedProgress(long UpTo, IReadOnlyList<long> Above, long Count)
{
    public static readonly RecordedProgress None = new(0, [], 0);
}
