using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Hub.Cues;

namespace MindMuscle.Live.Hub.Live;

/// <summary>Cues go to the runner's SignalR group, which every connection of the runner joins (on any node, through the backplane).</summary>
internal sealed class HubCueDelivery(IHubContext<LiveHub, ILiveClient> hub) : ICueDelivery
{
    public static string RunnerGroup(string sessionId, string runnerId) => $"runner:{sessionId}:{runnerId}";

    public Task DeliverAsync(string sessionId, string runnerId, CueMessage cue, CancellationToken cancellationToken) =>
        hub.Clients.Group(RunnerGroup(sessionId, runnerId)).Cue(cue).WaitAsync(cancellationToken);
}
