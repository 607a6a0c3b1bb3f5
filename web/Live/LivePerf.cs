namespace MindMuscle.Live.Web.Live;

/// <summary>
/// What the page spends outside its renders, for the benchmark (window.mmlPerf.dotnet()): time in the samples handler,
/// and the runtime's allocations and collections. Counting costs a timestamp per samples frame.
/// </summary>
public sealed class LivePerf(TimeProvider time)
{
    private long _handlerTicks;
    private long _packedRejected;

    /// <summary>Runs the samples handler and counts its time.</summary>
    public void Measure<T>(Action<T> handler, T argument)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var start = time.GetTimestamp();
        handler(argument);
        _handlerTicks += time.GetTimestamp() - start;
    }

    /// <summary>A packed samples frame the page could not read (and dropped).</summary>
    public void NotePackedRejected() => _packedRejected++;

    public LivePerfStats Read() => new(
        Math.Round(_handlerTicks * 1000.0 / time.TimestampFrequency, 1),
        GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalMemory(forceFullCollection: false),
        _packedRejected);
}

/// <summary>A reading of <see cref="LivePerf"/> (cumulative since the page started).</summary>
public sealed record LivePerfStats(double HandlerMs, long AllocatedBytes, int Gen0, int Gen1, int Gen2, long HeapBytes, long PackedRejected);
