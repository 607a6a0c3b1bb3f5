using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Hub.Cues;

/// <summary>Hands a cue to a runner's connections, wherever they are connected (implemented by the live hub).</summary>
internal interface ICueDelivery
{
    /// <summary>Completes once the cue is handed to the transport; the caller bounds the wait.</summary>
    Task DeliverAsync(string sessionId, string runnerId, CueMessage cue, CancellationToken cancellationToken);
}
