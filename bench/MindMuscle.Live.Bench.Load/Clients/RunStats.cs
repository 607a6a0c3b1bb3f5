using MindMuscle.Live.Bench.Load.Measure;

namespace MindMuscle.Live.Bench.Load.Clients;

/// <summary>Counters every client of one run writes to.</summary>
internal sealed class RunStats
{
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private long _acceptedInWindow;
    private long _framesInWindow;
    private long _samplesReceivedInWindow;
    private long _publishErrors;
    private long _connectionsClosed;
    private long _cueErrors;

    public LatencyHistogram AckLatency { get; } = new();

    public LatencyHistogram CueRoundTrip { get; } = new();

    /// <summary>Sensor -> coach latencies by the second they arrived in, from the publishing loop's start (null before it).</summary>
    public LatencySeconds? BySecond { get; set; }

    public long AcceptedInWindow => Interlocked.Read(ref _acceptedInWindow);

    public long FramesInWindow => Interlocked.Read(ref _framesInWindow);

    public long SamplesReceivedInWindow => Interlocked.Read(ref _samplesReceivedInWindow);

    public long PublishErrors => Interlocked.Read(ref _publishErrors);

    public long ConnectionsClosed => Interlocked.Read(ref _connectionsClosed);

    public long CueErrors => Interlocked.Read(ref _cueErrors);

    public string? FirstError { get; private set; }

    public void OpenWindow(long ticks) => Volatile.Write(ref _windowStart, ticks);

    public void CloseWindow(long ticks) => Volatile.Write(ref _windowEnd, ticks);

    public bool InWindow(long ticks) => ticks >= Volatile.Read(ref _windowStart) && ticks < Volatile.Read(ref _windowEnd);

    public bool BeforeWindow(long ticks) => ticks < Volatile.Read(ref _windowStart);

    public void Accepted(long ticks, int count)
    {
        if (InWindow(ticks))
        {
            Interlocked.Add(ref _acceptedInWindow, count);
        }
    }

    public void Frame(long ticks, int samples)
    {
        if (InWindow(ticks))
        {
            Interlocked.Increment(ref _framesInWindow);
            Interlocked.Add(ref _samplesReceivedInWindow, samples);
        }
    }

    public void PublishError(Exception e)
    {
        Interlocked.Increment(ref _publishErrors);
        FirstError ??= "publish: " + e.Message;
    }

    public void ConnectionClosed(Exception? e)
    {
        Interlocked.Increment(ref _connectionsClosed);
        FirstError ??= "connection closed: " + (e?.Message ?? "by the hub");
    }

    public void CueError(Exception e)
    {
        Interlocked.Increment(ref _cueErrors);
        FirstError ??= "cue: " + e.Message;
    }
}
