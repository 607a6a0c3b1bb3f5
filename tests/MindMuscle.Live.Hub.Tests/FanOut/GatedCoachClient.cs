using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Tests.FanOut;

/// <summary>A coach whose Samples sends complete only when the test releases them, in the order they began.</summary>
internal sealed class GatedCoachClient : CoachClientStub
{
    private readonly Queue<TaskCompletionSource> _gates = new();

    public Inbox<SamplesFrame> Frames { get; } = new();

    public Inbox<RunnerStatusUpdate> Statuses { get; } = new();

    public void Release()
    {
        lock (_gates)
        {
            _gates.Dequeue().SetResult();
        }
    }

    public override Task Samples(SamplesFrame frame)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gates)
        {
            _gates.Enqueue(gate);
        }

        Frames.Add(frame);
        return gate.Task;
    }

    public override Task RunnerStatus(RunnerStatusUpdate status)
    {
        Statuses.Add(status);
        return Task.CompletedTask;
    }
}
