using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary>A recorded session as the report reads it; the hub's REST API in production, plain data in tests.</summary>
internal interface ISessionData
{
    Task<SessionSnapshot> GetSessionAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<MetricSample>> GetSamplesAsync(string runnerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<FormAlert>> GetAlertsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<CueUpdate>> GetCuesAsync(CancellationToken cancellationToken);
}
