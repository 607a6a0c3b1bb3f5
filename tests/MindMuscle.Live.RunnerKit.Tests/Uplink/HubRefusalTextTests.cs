using System.Globalization;
using System.Text;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.RunnerKit.Tests.Uplink;

public sealed class HubRefusalTextTests
{
    private static readonly CompositeFormat HubFormat = CompositeFormat.Parse(LiveHubContract.BatchRejectedFormat);

    [Theory]
    [InlineData("outOfRange", "samples[1].cadenceSpm (seq 42) is 900 steps/min; expected 0..400 steps/min or null when unknown", 42L, true)]
    [InlineData("notFinite", "samples[0].speedMps (seq 7) is not a finite number", 7L, true)]
    [InlineData("observedAt", "samples[0].observedAt (seq 3) is 86400 s from the hub clock", 3L, false)]
    [InlineData("batchTooLarge", "samples has 600 entries; send at most 500 per batch", null, false)]
    public void TryRead_TheHubsOwnFormatAsTheClientSeesIt_CodeWordsAndSeq(string code, string words, long? seq, bool forGood)
    {
        // The hub's message, built as the hub builds it, after the prefix SignalR's client puts before it.
        var message = "An unexpected error occurred invoking 'Publish' on the server. HubException: "
            + string.Format(CultureInfo.InvariantCulture, HubFormat, code, words);

        Assert.True(HubRefusalText.TryRead(message, out var reason, out var readCode, out var readSeq));

        Assert.Equal(words, reason);
        Assert.Equal(code, readCode);
        Assert.Equal(seq, readSeq);
        Assert.Equal(forGood, HubRefusalText.IsForGood(message, out var forGoodReason, out var forGoodSeq));
        Assert.Equal(forGood ? words : reason, forGoodReason);
        Assert.Equal(forGood ? seq : 0, forGoodSeq);
    }

    [Fact]
    public void TryRead_AnOlderHubsRefusalWithoutACode_ARefusalNotForGood()
    {
        const string Message = "Batch rejected: samples[1].cadenceSpm (seq 42) is 900 steps/min. Nothing of it was recorded.";

        Assert.True(HubRefusalText.TryRead(Message, out var reason, out var code, out var seq));

        Assert.Equal("samples[1].cadenceSpm (seq 42) is 900 steps/min", reason);
        Assert.Null(code);
        Assert.Equal(42, seq);
        Assert.False(HubRefusalText.IsForGood(Message, out _, out _));
    }

    [Theory]
    [InlineData("Batch rejected (somethingNew): samples[1].cadenceSpm (seq 42) is odd. Nothing of it was recorded.")]
    [InlineData("Batch rejected (outOfRange): samples is empty. Nothing of it was recorded.")]
    public void IsForGood_UnknownCodeOrNoSeq_ARefusalNotForGood(string message)
    {
        Assert.True(HubRefusalText.TryRead(message, out _, out _, out _));
        Assert.False(HubRefusalText.IsForGood(message, out _, out _));
    }

    [Theory]
    [InlineData("Rate limited: this runner publishes more than 50 batches/s; retry after 20 ms; nothing of this batch was recorded.")]
    [InlineData("Not a runner token")]
    [InlineData("")]
    [InlineData(null)]
    public void TryRead_OtherErrors_NotARefusal(string? message)
    {
        Assert.False(HubRefusalText.TryRead(message, out var reason, out var code, out var seq));
        Assert.Equal("", reason);
        Assert.Null(code);
        Assert.Null(seq);
        Assert.False(HubRefusalText.IsForGood(message, out _, out _));
    }
}
