using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Web.Runner;

namespace MindMuscle.Live.Web.Tests.Runner;

public sealed class RunnerLinkStatusTests
{
    [Fact]
    public void AfterFailedRound_LinkedButPublishRefused_NotSendingWithTheHubsWordsAndWhatToDo()
    {
        var refused = new HubException("Rate limited: retry after 800 ms; nothing of this batch was recorded.");

        var (state, detail) = RunnerLinkStatus.AfterFailedRound(linked: true, refused, TimeSpan.FromSeconds(2));

        Assert.Equal(RunnerConnection.NotSending, state);
        Assert.Contains("The hub refuses your readings: Rate limited", detail, StringComparison.Ordinal);
        Assert.Contains("kept on this phone", detail, StringComparison.Ordinal);
        Assert.Contains("in 2 s", detail, StringComparison.Ordinal);
        Assert.Contains("tell your coach", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterFailedRound_LinkedButSendFailed_NotSending()
    {
        var (state, detail) = RunnerLinkStatus.AfterFailedRound(linked: true, new InvalidOperationException("store closed"), TimeSpan.FromMilliseconds(300));

        Assert.Equal(RunnerConnection.NotSending, state);
        Assert.Contains("could not be sent (store closed)", detail, StringComparison.Ordinal);
        Assert.Contains("in 1 s", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterFailedRound_LinkDown_Reconnecting()
    {
        var (state, detail) = RunnerLinkStatus.AfterFailedRound(linked: false, new HttpRequestException("Connection refused"), TimeSpan.FromSeconds(5));

        Assert.Equal(RunnerConnection.Reconnecting, state);
        Assert.StartsWith("Connection refused", detail, StringComparison.Ordinal);
    }
}
