using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Hub.ScaleOut;

/// <summary>
/// The other nodes' coaches as one more coach of a session: what the session broadcasts to its local coaches is also
/// handed to the bus, once per message rather than once per remote coach. Never waits: returns a completed task.
/// </summary>
internal sealed class BusCoachClient(ISessionBus bus, string sessionId) : ICoachClient
{
    public Task Samples(SamplesFrame frame) => Task.CompletedTask; // samples go through SessionFanOut.FanOutSamples

    public Task Alert(FormAlert alert) => Send(new() { Kind = SessionBusMessageKind.Alert, Alert = alert, RunnerId = alert?.RunnerId });

    public Task AlertCleared(FormAlert alert) => Send(new() { Kind = SessionBusMessageKind.AlertCleared, Alert = alert, RunnerId = alert?.RunnerId });

    public Task RunnerStatus(RunnerStatusUpdate status) => Send(new() { Kind = SessionBusMessageKind.RunnerStatus, Status = status, RunnerId = status?.RunnerId });

    public Task CueUpdate(CueUpdate cue) => Send(new() { Kind = SessionBusMessageKind.CueUpdate, Cue = cue, RunnerId = cue?.RunnerId });

    public Task MarkerAdded(SessionMarker marker) => Send(new() { Kind = SessionBusMessageKind.MarkerAdded, Marker = marker, RunnerId = marker?.RunnerId });

    public Task RepCompleted(RepCompleted rep) => Send(new() { Kind = SessionBusMessageKind.RepCompleted, Rep = rep, RunnerId = rep?.RunnerId });

    public Task LapCompleted(LapCompleted lap) => Send(new() { Kind = SessionBusMessageKind.LapCompleted, Lap = lap, RunnerId = lap?.RunnerId });

    public Task SessionUpdated(SessionSummary session) => Send(new() { Kind = SessionBusMessageKind.SessionUpdated, Session = session });

    private Task Send(SessionBusMessage message)
    {
        bus.Publish(sessionId, message);
        return Task.CompletedTask;
    }
}
