namespace MindMuscle.Live.Hub.Tests.ScaleOut;

/// <summary>
/// The outage test sends a cue again after each read that timed out (the first cue may go out before the backplane is
/// back): a timed-out read must not take a later cue with it.
/// </summary>
public sealed class InboxRetryTests
{
    [Fact]
    public async Task NextAsync_TimedOutBeforeTheItemArrived_TheItemGoesToTheNextRead()
    {
        var inbox = new Inbox<string>();
        await Assert.ThrowsAsync<TimeoutException>(() => inbox.NextAsync(TimeSpan.FromMilliseconds(50)));

        inbox.Add("Tall hips");

        Assert.Equal("Tall hips", await inbox.NextAsync(HubTestHost.Timeout));
    }

    [Fact]
    public async Task NextAsync_SeveralTimeoutsThenTwoItems_BothReadInOrder()
    {
        var inbox = new Inbox<int>();
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => inbox.NextAsync(TimeSpan.FromMilliseconds(20)));
        }

        inbox.Add(1);
        inbox.Add(2);

        Assert.Equal(1, await inbox.NextAsync(HubTestHost.Timeout));
        Assert.Equal(2, await inbox.NextAsync(HubTestHost.Timeout));
    }
}
