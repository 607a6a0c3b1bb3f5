using System.Diagnostics.Metrics;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.TestKit.Recording;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>
/// The recorder's group commit (<see cref="HubOptions.RecorderCommitInterval"/>) over a real SQLite file: writes that
/// arrive one by one within the interval share a transaction, and each still completes only after its commit.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private const string Session = "s-group";
    private readonly TempRecorder _recorder = new("mml-group-commit-");

    [Fact]
    public async Task Recorder_WritesArrivingWithinTheInterval_ShareOneTransaction()
    {
        var (writes, transactions) = await WriteSpacedAsync(TimeSpan.FromMilliseconds(400));

        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), RecordedSeqs());
        Assert.Equal(11, writes);
        // The first write found the recorder idle and committed at once; the ten after it, queued 10 ms apart (about
        // 100 ms in all), waited out the interval together. One more if the machine stalled across the boundary.
        Assert.InRange(transactions, 2, 3);
    }

    [Fact]
    public async Task Recorder_IntervalZero_CommitsEachSpacedWriteOnItsOwn()
    {
        var (writes, transactions) = await WriteSpacedAsync(TimeSpan.Zero);

        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), RecordedSeqs());
        Assert.Equal(11, writes);
        // Without the interval a write 10 ms after the last one gets its own transaction (two may merge on a busy box).
        Assert.True(transactions >= 6, $"{transactions} transactions for 11 writes 10 ms apart");
    }

    public void Dispose() => _recorder.Dispose();

    /// <summary>One write, then ten more 10 ms apart, each awaited to its commit; returns the samples written and the transactions.</summary>
    private async Task<(long Writes, int Transactions)> WriteSpacedAsync(TimeSpan interval)
    {
        var factory = _recorder.Meters;
        var transactions = 0;
        long writes = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "mml.hub.recorder.batch_size" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            Interlocked.Increment(ref transactions);
            Interlocked.Add(ref writes, value);
        });
        listener.Start();

        await using (var store = _recorder.CreateStore(new HubOptions { RecorderCommitInterval = interval }))
        {
            var ct = TestContext.Current.CancellationToken;
            await WriteAsync(store, 1, ct);
            var commits = new List<Task>();
            for (var seq = 2L; seq <= 11; seq++)
            {
                commits.Add(await EnqueueAsync(store, seq, ct));
                await Task.Delay(10, ct);
            }

            await Task.WhenAll(commits).WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.All(commits, c => Assert.True(c.IsCompletedSuccessfully));
        }

        return (Interlocked.Read(ref writes), Volatile.Read(ref transactions));
    }

    private static async Task WriteAsync(RecordingStore store, long seq, CancellationToken ct) =>
        await (await EnqueueAsync(store, seq, ct)).WaitAsync(TimeSpan.FromSeconds(30), ct);

    private static ValueTask<Task> EnqueueAsync(RecordingStore store, long seq, CancellationToken ct) =>
        store.EnqueueAsync(1, TempRecorder.Insert(store, Session, seq, 1), ct);

    private List<long> RecordedSeqs() => RecordingFile.RecordedSeqs(_recorder.Folder.FullName, Session)["r-1"];
}
