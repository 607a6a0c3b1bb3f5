using MindMuscle.Live.RunnerKit.Speech;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Web.Runner;

/// <summary>The companion's bounds: outbox size, the pump's window and the cue queue's spacing.</summary>
public sealed record RunnerOptions
{
    /// <summary>
    /// Samples the phone keeps unsent at most (about 3.5 hours of two sensors at 4 Hz). Beyond it new readings are
    /// refused, counted and the screen says the outbox is full. Default 100,000.
    /// </summary>
    public int MaxOutboxSamples { get; init; } = 100_000;

    /// <summary>A runner token this close to its expiry is renewed by rejoining. Default 2 minutes.</summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Readings waiting this long without an ack make the screen say they are not going through. Default 10 s.</summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromSeconds(10);

    public PumpOptions Pump { get; init; } = new();

    public SpeechOptions Speech { get; init; } = new();
}
