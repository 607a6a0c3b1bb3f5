using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.RunnerKit.Uplink;

/// <summary>The runner's connection to the hub as the pump sees it: <c>Publish</c> and whether it is up.</summary>
public interface IPublishChannel
{
    bool IsConnected { get; }

    /// <summary>Sends one batch and returns the hub's ack (after its commit). Retries, if any, are the channel's own.</summary>
    Task<PublishAck> PublishAsync(SampleBatch batch, CancellationToken cancellationToken);
}
