using System.Runtime.CompilerServices;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.TestKit.Recording;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>
/// What the recorder holds of a write once it is settled, over a real SQLite file: nothing of what the write captured (a
/// publish's samples), even while the writer waits for the next write.
/// </summary>
public sealed class SettledWriteTests : IDisposable
{
    private const string Session = "s-settled";
    private readonly TempRecorder _recorder = new("mml-settled-write-");

    [Fact]
    public async Task Recorder_WriteCommittedThenIdle_KeepsNothingTheWriteCaptured()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = _recorder.CreateStore(new HubOptions());

        var (commit, samples) = await EnqueueAsync(store, ct);
        await commit.WaitAsync(HubTimeouts.Step, ct);

        // The ack's continuation may run before the writer has let go of its batch: poll, with a bound.
        await Polling.WaitUntilAsync(
            () =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return !samples.IsAlive;
            },
            () => "the recorder still holds the samples of a committed write",
            HubTimeouts.Step,
            ct);
        Assert.Equal([1L, 2, 3, 4], RecordingFile.RecordedSeqs(_recorder.Folder.FullName, Session)["r-1"]);
    }

    public void Dispose() => _recorder.Dispose();

    private static async Task<(Task Commit, WeakReference Samples)> EnqueueAsync(RecordingStore store, CancellationToken ct)
    {
        var (queued, samples) = Enqueue(store, ct);
        return (await queued, samples);
    }

    /// <summary>Queues a write of four samples made here: only the recorder can hold them once this frame is gone.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Task<Task> Queued, WeakReference Samples) Enqueue(RecordingStore store, CancellationToken ct)
    {
        var samples = TempRecorder.Samples(1, 4);
        return (store.EnqueueAsync(samples.Length, (c, tx) => store.Database.InsertSamples(c, tx, Session, "r-1", samples, 1), ct).AsTask(), new WeakReference(samples));
    }
}
