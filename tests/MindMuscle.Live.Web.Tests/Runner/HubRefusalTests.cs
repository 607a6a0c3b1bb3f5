using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Web.Runner;

namespace MindMuscle.Live.Web.Tests.Runner;

public sealed class HubRefusalTests
{
    [Theory]
    [InlineData("outOfRange", "samples[4].heartRateBpm (seq 15) is 300 bpm; expected 20..255 bpm or null when unknown")]
    [InlineData("notFinite", "samples[0].speedMps (seq 7) is not a finite number")]
    public void IsForGood_ValueRefusalNamingItsSeq_TheHubsWordsAndTheSeq(string code, string words)
    {
        // As SignalR's client shows it: the server's message after its own prefix.
        var error = new HubException($"An unexpected error occurred invoking 'Publish' on the server. HubException: Batch rejected ({code}): {words}. Nothing of it was recorded.");

        Assert.True(HubRefusal.IsForGood(error, out var reason, out var seq));

        Assert.Equal(words, reason);
        Assert.Equal(long.Parse(words[(words.IndexOf("(seq ", StringComparison.Ordinal) + 5)..words.IndexOf(')', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), seq);
    }

    [Theory]
    [InlineData("Batch rejected (observedAt): samples[0].observedAt (seq 3) is 9 min ahead of the hub's clock. Nothing of it was recorded.")]
    [InlineData("Batch rejected (batchTooLarge): 900 samples; the hub takes up to 500. Nothing of it was recorded.")]
    [InlineData("Batch rejected: samples[0].cadenceSpm (seq 3) is 900 steps/min. Nothing of it was recorded.")]
    [InlineData("Batch rejected (outOfRange): samples is empty. Nothing of it was recorded.")]
    [InlineData("Rate limited: retry after 800 ms; nothing of this batch was recorded.")]
    public void IsForGood_ClockSizeNoCodeNoSeqOrOtherErrors_NotForGoodSoTheReadingsAreKept(string message) =>
        Assert.False(HubRefusal.IsForGood(new HubException(message), out _, out _));

    [Fact]
    public void IsForGood_NotAHubError_False() =>
        Assert.False(HubRefusal.IsForGood(new InvalidOperationException("Batch rejected (outOfRange): samples[0].hr (seq 1) is 300. Nothing of it was recorded."), out _, out _));
}
