using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Web.Live;

/// <summary>The live view's line to the hub: it feeds the <see cref="LiveStore"/> and carries the coach's actions.</summary>
public interface ILiveHubService
{
    /// <summary>Connects (retrying forever) and watches <paramref name="sessionId"/>; returns once the first attempt ended.</summary>
    Task StartAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The hub's <c>SendCue</c>: to one runner, or (runnerId null) the whole group; returns the cue ids.</summary>
    Task<IReadOnlyList<string>> SendCueAsync(CueRequest request, CancellationToken cancellationToken);

    /// <summary>The hub's <c>AddMarker</c>: a lap, rep start/end or note for one runner or the group.</summary>
    Task<SessionMarker> AddMarkerAsync(MarkerRequest request, CancellationToken cancellationToken);

    /// <summary>The hub's <c>SetAutoCue</c>: switches the session's auto-cue mode; returns the session's new summary.</summary>
    Task<SessionSummary> SetAutoCueAsync(AutoCueMode mode, CancellationToken cancellationToken);
}
