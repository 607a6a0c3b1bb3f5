namespace MindMuscle.Live.Hub.Ingest;

/// <summary>How many samples a session has recorded (session summaries); added to as commits settle.</summary>
internal sealed class SessionSampleCount(long recorded)
{
    private long _count = recorded;

    public long Value => Interlocked.Read(ref _count);

    public void Add(long samples) => Interlocked.Add(ref _count, samples);
}
