using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>Adds a coach's marker (hub <c>AddMarker</c>); the seam the dashboard and the JSON-lines mode mark through.</summary>
internal interface IMarkerSender
{
    /// <summary>Returns the marker as the hub recorded it (its id and time).</summary>
    Task<SessionMarker> AddMarkerAsync(MarkerRequest request, CancellationToken cancellationToken);
}
