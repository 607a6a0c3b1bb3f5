namespace MindMuscle.Live.Web.Review.Timeline;

/// <summary>
/// The review's "now": the scrubbed instant. The live tiles age their readings against their store's clock, so a store
/// on this clock shows each reading as old as it was at that instant of the session.
/// </summary>
public sealed class ReviewClock : TimeProvider
{
    private long _nowMs;

    /// <summary>The instant shown, UTC unix ms.</summary>
    public long NowMs => Volatile.Read(ref _nowMs);

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(NowMs);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Set(long unixMs) => Volatile.Write(ref _nowMs, unixMs);
}
