using System.Collections.Concurrent;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.FanOut;

namespace MindMuscle.Live.Hub.Tests.FanOut;

/// <summary>
/// A coach whose Samples sends complete only when the test releases them, in the order they began. Like the hub's own
/// client it takes a shared frame as itself (<see cref="ISharedFrameClient"/>), and remembers which frames came so.
/// </summary>
internal sealed class GatedCoachClient : CoachClientStub, ISharedFrameClient
{
    private readonly Queue<TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<SamplesFrame, SharedFrame> _shared = new(ReferenceEqualityComparer.Instance);

    public Inbox<SamplesFrame> Frames { get; } = new();

    public Inbox<RunnerStatusUpdate> Statuses { get; } = new();

    public void Release()
    {
        lock (_gates)
        {
            _gates.Dequeue().SetResult();
        }
    }

    /// <summary>The shared object <paramref name="frame"/> was sent as, or null when it was sent as a frame of this coach's own.</summary>
    public SharedFrame? SharedAs(SamplesFrame frame) => _shared.GetValueOrDefault(frame);

    public Task Samples(SharedFrame frame)
    {
        _shared[frame.Frame] = frame;
        return Samples(frame.Frame);
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
