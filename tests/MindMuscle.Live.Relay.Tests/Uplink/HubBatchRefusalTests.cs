using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Tests.Uplink;

public sealed class HubBatchRefusalTests
{
    [Fact]
    public void TryRead_HubsRefusalAsTheClientSeesIt_CodeReasonAndNamedSeq()
    {
        var ex = new HubException("An unexpected error occurred invoking 'Publish' on the server. HubException: Batch rejected (outOfRange): samples[1].cadenceSpm (seq 42) is 900 steps/min; expected 0..400 steps/min or null when unknown. Nothing of it was recorded.");

        Assert.True(HubBatchRefusal.TryRead(ex, out var reason, out var code, out var seq));

        Assert.Equal("samples[1].cadenceSpm (seq 42) is 900 steps/min; expected 0..400 steps/min or null when unknown", reason);
        Assert.Equal("outOfRange", code);
        Assert.Equal(42, seq);
        Assert.True(HubBatchRefusal.IsForGood(ex, out _, out var forGood));
        Assert.Equal(42, forGood);
    }

    [Fact]
    public void TryRead_RefusalNamingNoSeq_ReasonWithoutSeqNotForGood()
    {
        var ex = new HubException("Batch rejected (batchTooLarge): samples has 600 entries; send at most 500 per batch. Nothing of it was recorded.");

        Assert.True(HubBatchRefusal.TryRead(ex, out var reason, out var code, out var seq));

        Assert.Equal("samples has 600 entries; send at most 500 per batch", reason);
        Assert.Equal("batchTooLarge", code);
        Assert.Null(seq);
        Assert.False(HubBatchRefusal.IsForGood(ex, out _, out _));
        Assert.Contains("Hub:MaxBatchSamples", HubBatchRefusal.Advice(code), StringComparison.Ordinal);
    }

    [Fact]
    public void IsForGood_ObservedAtOutsideTheHubsWindow_NotForGoodAdvisesTheClock()
    {
        // A relay with a wrong clock: every reading would be refused, none of them is bad.
        var ex = new HubException("Batch rejected (observedAt): samples[0].observedAt (seq 7) is 1764100000000, 86400 s from the hub clock 1764013600000; send UTC unix milliseconds corrected by the ack's hubTime. Nothing of it was recorded.");

        Assert.True(HubBatchRefusal.TryRead(ex, out _, out var code, out var seq));
        Assert.Equal(7, seq);
        Assert.False(HubBatchRefusal.IsForGood(ex, out _, out _));
        Assert.Contains("clock", HubBatchRefusal.Advice(code), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Batch rejected: samples[1].cadenceSpm (seq 42) is 900 steps/min; expected 0..400 steps/min or null when unknown. Nothing of it was recorded.")]
    [InlineData("Batch rejected (somethingNew): samples[1].cadenceSpm (seq 42) is odd. Nothing of it was recorded.")]
    [InlineData("Batch rejected (notFinite): samples is odd. Nothing of it was recorded.")]
    public void IsForGood_NoCodeUnknownCodeOrNoSeq_NotForGood(string message)
    {
        var ex = new HubException(message);

        Assert.True(HubBatchRefusal.TryRead(ex, out _, out _, out _));
        Assert.False(HubBatchRefusal.IsForGood(ex, out _, out _));
    }

    [Theory]
    [InlineData("outOfRange")]
    [InlineData("notFinite")]
    public void IsForGood_ValueRefusalNamingASeq_ForGood(string code) =>
        Assert.True(HubBatchRefusal.IsForGood(new HubException($"Batch rejected ({code}): samples[0].speedMps (seq 3) is NaN. Nothing of it was recorded."), out _, out _));

    [Theory]
    [InlineData("Rate limited: this runner publishes more than 50 batches/s (bursts of up to 200); retry after 20 ms; nothing of this batch was recorded.")]
    [InlineData("Not a runner token")]
    public void TryRead_OtherHubErrors_NotARefusal(string message) =>
        Assert.False(HubBatchRefusal.TryRead(new HubException(message), out _, out _, out _));

    [Fact]
    public void TryRead_NotAHubException_NotARefusal() =>
        Assert.False(HubBatchRefusal.TryRead(new InvalidOperationException("Batch rejected (outOfRange): x (seq 1). Nothing of it was recorded."), out _, out _, out _));
}
