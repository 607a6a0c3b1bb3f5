using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// A coach connection as its <see cref="CoachSender"/> calls it: everything through the hub's typed proxy, except a shared
/// frame, which goes as itself through the connection's untyped proxy (a typed proxy's <c>Samples</c> only takes a
/// <see cref="SamplesFrame"/>) for <see cref="FrameSharingProtocol"/> to write from its bytes.
/// </summary>
internal sealed class HubCoachClient(ILiveClient typed, IClientProxy proxy) : ICoachClient, IPackedCoachClient, ISharedFrameClient
{
    public Task Samples(SharedFrame frame) => proxy.SendCoreAsync(LiveHubContract.Samples, [frame]);

    public Task Samples(SamplesFrame frame) => typed.Samples(frame);

    public Task SamplesPacked(byte[] frame) => typed.SamplesPacked(frame);

    public Task Alert(FormAlert alert) => typed.Alert(alert);

    public Task AlertCleared(FormAlert alert) => typed.AlertCleared(alert);

    public Task RunnerStatus(RunnerStatusUpdate status) => typed.RunnerStatus(status);

    public Task CueUpdate(CueUpdate cue) => typed.CueUpdate(cue);

    public Task MarkerAdded(SessionMarker marker) => typed.MarkerAdded(marker);

    public Task RepCompleted(RepCompleted rep) => typed.RepCompleted(rep);

    public Task LapCompleted(LapCompleted lap) => typed.LapCompleted(lap);

    public Task SessionUpdated(SessionSummary session) => typed.SessionUpdated(session);
}
