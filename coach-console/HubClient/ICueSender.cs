using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>Sends a coach cue (hub <c>SendCue</c>); the seam the dashboard and the JSON-lines mode push cues through.</summary>
internal interface ICueSender
{
    /// <summary>Returns the ids of the cues the hub sent (one per runner for a group cue).</summary>
    Task<IReadOnlyList<string>> SendCueAsync(CueRequest request, CancellationToken cancellationToken);
}
