using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary>A session read from the hub's REST API.</summary>
internal sealed class HubSessionData(CoachRestClient rest, string sessionId) : ISessionData
{
    public Task<SessionSnapshot> GetSessionAsync(CancellationToken cancellationToken) => rest.GetSessionAsync(sessionId, cancellationToken);

    public async Task<IReadOnlyList<MetricSample>> GetSamplesAsync(string runnerId, CancellationToken cancellationToken) =>
        await rest.GetSamplesAsync(sessionId, runnerId, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<FormAlert>> GetAlertsAsync(CancellationToken cancellationToken) =>
        await rest.GetAlertsAsync(sessionId, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<CueUpdate>> GetCuesAsync(CancellationToken cancellationToken) =>
        await rest.GetCuesAsync(sessionId, cancellationToken).ConfigureAwait(false);
}
