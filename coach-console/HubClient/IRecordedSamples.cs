using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>Where a console reads back samples it missed while disconnected: the hub's recording (REST).</summary>
internal interface IRecordedSamples
{
    /// <summary>One runner's recorded samples observed at or after <paramref name="fromObservedAt"/> (UTC unix ms), in seq order.</summary>
    Task<MetricSample[]> GetSamplesAsync(string sessionId, string runnerId, long? fromObservedAt, CancellationToken cancellationToken);
}
