using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Hub.Tests.FanOut;

/// <summary>A coach that takes every message at once and keeps none: test coaches override what they watch.</summary>
internal abstract class CoachClientStub : ICoachClient
{
    public virtual Task Samples(SamplesFrame frame) => Task.CompletedTask;

    public virtual Task Alert(FormAlert alert) => Task.CompletedTask;

    public virtual Task AlertCleared(FormAlert alert) => Task.CompletedTask;

    public virtual Task RunnerStatus(RunnerStatusUpdate status) => Task.CompletedTask;

    public virtual Task CueUpdate(CueUpdate cue) => Task.CompletedTask;

    public virtual Task MarkerAdded(SessionMarker marker) => Task.CompletedTask;

    public virtual Task RepCompleted(RepCompleted rep) => Task.CompletedTask;

    public virtual Task LapCompleted(LapCompleted lap) => Task.CompletedTask;

    public virtual Task SessionUpdated(SessionSummary session) => Task.CompletedTask;
}
