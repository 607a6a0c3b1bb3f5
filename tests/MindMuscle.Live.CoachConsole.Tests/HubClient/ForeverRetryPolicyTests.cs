using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

public sealed class ForeverRetryPolicyTests
{
    [Fact]
    public void DelayFor_ManyRetries_NeverGivesUp()
    {
        var delays = Enumerable.Range(0, 1000).Select(i => ForeverRetryPolicy.DelayFor(i)).ToList();

        Assert.Equal(TimeSpan.Zero, delays[0]);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, ForeverRetryPolicy.MaxDelay));
    }
}
