using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Web.Review;
using MindMuscle.Live.Web.Review.Shares;

namespace MindMuscle.Live.Web.Tests.Review.Shares;

/// <summary>The share panel skips the review page's renders, never its own: a list that arrives is shown.</summary>
public sealed class SharePanelTests : BunitContext
{
    private static readonly ReviewReader Coach = new("s1", "tok", IsShare: false, ScopedRunnerId: null);
    private readonly ReviewHubStub _hub = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_796_000_000_000));

    public SharePanelTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(new ReviewApi(_hub.Client()));
        _hub.Answer("/api/sessions/s1/shares",
            """[{"shareId":"sh-1","runnerId":null,"createdAt":1796000000000,"expiresAt":1796604800000,"revokedAt":null}]""");
    }

    [Fact]
    public async Task ListArrives_AfterThePageRenderedItWithTheSameParameters_IsShownAndCreateIsEnabled()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hub.Hold = hold;
        IReadOnlyList<(string Id, string Name)> runners = [("r1", "Ana")];
        var panel = Render<SharePanel>(p => p.Add(x => x.Reader, Coach).Add(x => x.Runners, runners).Add(x => x.Time, _time));
        await _hub.WhenRequestsAsync(1, Xunit.TestContext.Current.CancellationToken);
        Assert.True(panel.Find("[data-action=create-share]").HasAttribute("disabled"));

        // The review page renders (a scrub) while the list is on its way: same parameters, skipped.
        panel.Render(p => p.Add(x => x.Reader, Coach).Add(x => x.Runners, runners).Add(x => x.Time, _time));
        _hub.Hold = null;
        hold.SetResult();

        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-share-id=sh-1]")));
        Assert.False(panel.Find("[data-action=create-share]").HasAttribute("disabled"));
    }
}
