using System.Diagnostics;

namespace MindMuscle.Live.Bench.Load.Clients;

/// <summary>
/// One clock for the whole run: high-resolution ticks for latency, and unix ms derived from the same ticks for the
/// samples' observedAt (the hub checks it is plausible), so both agree.
/// </summary>
internal sealed class SampleClock
{
    private readonly long _startTicks = Stopwatch.GetTimestamp();
    private readonly long _startUnixMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    public static long Now => Stopwatch.GetTimestamp();

    public long UnixMs(long ticks) => _startUnixMs + ((ticks - _startTicks) * 1000 / Stopwatch.Frequency);

    public TimeSpan Elapsed(long ticks) => Stopwatch.GetElapsedTime(_startTicks, ticks);
}
