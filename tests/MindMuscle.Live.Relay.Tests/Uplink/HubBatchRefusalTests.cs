using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Tests.Uplink;

public sealed class HubBatchRefusalTests
{
    [Fact]
    public void TryRead_HubsRefusalAsTheClientSeesIt_ReasonAndNamedSeq()
    {
        var ex = new HubException("An unexpected error occurred invoking 'Publish' on the server. HubException: Batch rejected: samples[1].cadenceSpm (seq 42) is 900 steps/min; expected 0..400 steps/min or null when unknown. Nothing of it was recorded.");

        Assert.True(HubBatchRefusal.TryRead(ex, out var reason, out var seq));

        Assert.Equal("samples[1].cadenceSpm (seq 42) is 900 steps/min; expected 0..400 steps/min or null when unknown", reason);
        Assert.Equal(42, seq);
    }

    [Fact]
    public void TryRead_RefusalNamingNoSeq_ReasonWithoutSeq()
    {
        var ex = new HubException("Batch rejected: samples has 600 entries; send at most 500 per batch. Nothing of it was recorded.");

        Assert.True(HubBatchRefusal.TryRead(ex, out var reason, out var seq));

        Assert.Equal("samples has 600 entries; send at most 500 per batch", reason);
        Assert.Null(seq);
    }

    [Theory]
    [InlineData("Rate limited: this runner publishes more than 50 batches/s (bursts of up to 200); retry after 20 ms; nothing of this batch was recorded.")]
    [InlineData("Not a runner token")]
    public void TryRead_OtherHubErrors_NotARefusal(string message) =>
        Assert.False(HubBatchRefusal.TryRead(new HubException(message), out _, out _));

    [Fact]
    public void TryRead_NotAHubException_NotARefusal() =>
        Assert.False(HubBatchRefusal.TryRead(new InvalidOperationException("Batch rejected: x. Nothing of it was recorded."), out _, out _));
}
