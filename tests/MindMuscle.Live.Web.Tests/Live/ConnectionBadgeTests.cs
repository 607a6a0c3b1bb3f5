using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class ConnectionBadgeTests : LiveTestContext
{
    [Fact]
    public async Task SetConnection_ThroughTheStates_TheBadgeSaysEach()
    {
        var badge = RenderLive<ConnectionBadge>();
        Assert.Equal("reconnecting", Word(badge));

        await ApplyAsync(s => s.SetConnection(new LiveConnectionState(LiveConnectionStatus.Connected, Time.GetLocalNow())));
        Assert.Equal("connected", Word(badge));

        Time.Advance(TimeSpan.FromSeconds(65));
        await ApplyAsync(s => s.SetConnection(new LiveConnectionState(LiveConnectionStatus.Reconnecting, Time.GetLocalNow())));
        Assert.Equal("reconnecting", Word(badge));
        Assert.Contains("since 08:01:05", badge.Find("[data-connection]").TextContent, StringComparison.Ordinal);

        await ApplyAsync(s => s.SetConnection(new LiveConnectionState(LiveConnectionStatus.Offline, Time.GetLocalNow(), "Hub unreachable; retrying")));
        Assert.Equal("offline", Word(badge));
        Assert.Contains("offline since 08:01:05", badge.Find("[data-connection]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Hub unreachable", badge.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyRunnerStatus_LaggingAboutThisPage_NoTileAndTheBadgeSaysSo()
    {
        await StartSessionAsync("Ana", "Ben");
        var badge = RenderLive<ConnectionBadge>();

        await ApplyAsync(s => s.ApplyRunnerStatus(new Core.Contracts.RunnerStatusUpdate
        {
            RunnerId = "", Name = "", State = Core.Contracts.RunnerState.Lagging, At = T0, Detail = "120 samples dropped for this console: it is not keeping up",
        }));

        Assert.Equal(["r1", "r2"], Store.Runners.Select(r => r.RunnerId));
        Assert.Null(Store.Find(""));
        Assert.Contains("120 samples dropped", badge.Find("[data-lagging]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplySnapshot_AfterLagging_TheBadgeNoLongerSaysLagging()
    {
        await StartSessionAsync("Ana");
        var badge = RenderLive<ConnectionBadge>();
        await ApplyAsync(s => s.ApplyRunnerStatus(Lag()));
        Assert.NotEmpty(badge.FindAll("[data-lagging]"));

        await StartSessionAsync("Ana");

        Assert.Null(Store.Lagging);
        Assert.Empty(badge.FindAll("[data-lagging]"));
    }

    [Fact]
    public async Task ApplyRunnerStatus_PageCaughtUp_TheBadgeNoLongerSaysLagging()
    {
        await StartSessionAsync("Ana");
        var badge = RenderLive<ConnectionBadge>();
        await ApplyAsync(s => s.ApplyRunnerStatus(Lag()));
        Assert.NotEmpty(badge.FindAll("[data-lagging]"));

        await ApplyAsync(s => s.ApplyRunnerStatus(Lag() with { State = Core.Contracts.RunnerState.Live, Detail = null }));

        Assert.Null(Store.Lagging);
        Assert.Empty(badge.FindAll("[data-lagging]"));
    }

    private static Core.Contracts.RunnerStatusUpdate Lag() => new()
    {
        RunnerId = "", Name = "", State = Core.Contracts.RunnerState.Lagging, At = T0, Detail = "9 samples dropped for this console",
    };

    private static string? Word(IRenderedComponent<ConnectionBadge> badge) => badge.Find("[data-connection]").GetAttribute("data-connection");
}
