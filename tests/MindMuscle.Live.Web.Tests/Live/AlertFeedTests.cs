using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Web.Live;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class AlertFeedTests : LiveTestContext
{
    [Fact]
    public async Task Render_TwoAlerts_NewestFirstWithRunnerKindMessageAndAge()
    {
        await StartSessionAsync("Ana", "Ben");
        await ApplyAsync(s =>
        {
            s.ApplyAlert(Cadence("a1", "r1", T0 - 30_000));
            s.ApplyAlert(Imbalance("a2", "r2", T0 - 12_000));
        });

        var feed = RenderLive<AlertFeed>();

        var items = feed.FindAll("[data-alert-kind]");
        Assert.Equal(["imbalance", "cadenceDrop"], items.Select(i => i.GetAttribute("data-alert-kind")));
        Assert.Contains("Ben", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Left 46 %", items[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("12 s ago", items[0].QuerySelector("[data-alert-age]")!.TextContent.Trim());
        Assert.Equal("30 s ago", items[1].QuerySelector("[data-alert-age]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Tick_AlertGrowsOlder_AgeUpdates()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplyAlert(Cadence("a1", "r1", T0)));
        var feed = RenderLive<AlertFeed>();

        Time.Advance(TimeSpan.FromSeconds(7));
        await ApplyAsync(s => s.Tick());

        Assert.Equal("7 s ago", feed.Find("[data-alert-age]").TextContent.Trim());
    }

    [Fact]
    public async Task SuggestedCue_Tapped_SendsTheCatalogIdToThatRunner()
    {
        await StartSessionAsync("Ana", "Ben");
        await ApplyAsync(s => s.ApplyAlert(Imbalance("a2", "r2", T0)));
        var feed = RenderLive<AlertFeed>();
        var button = feed.Find("[data-alert-kind=imbalance] [data-action=send-suggested]");
        Assert.Equal("Send: Squeeze the left glute as you push off", button.TextContent.Trim());

        await button.ClickAsync(new());

        await Hub.Received(1).SendCueAsync(Arg.Is<CueRequest>(r => r.RunnerId == "r2" && r.CueId == "imbalance.1:left" && r.Text == null),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SuggestedCue_WithoutACatalogId_SendsTheSentence()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplyAlert(Cadence("a1", "r1", T0) with { SuggestedCueId = null }));
        var feed = RenderLive<AlertFeed>();

        await feed.Find("[data-action=send-suggested]").ClickAsync(new());

        await Hub.Received(1).SendCueAsync(Arg.Is<CueRequest>(r => r.RunnerId == "r1" && r.Text == "Quick feet, pull the knees through"),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SuggestedCue_HubRefuses_SaysWhy()
    {
        Hub.SendCueAsync(Arg.Any<CueRequest>(), Arg.Any<CancellationToken>()).ThrowsAsync(new HubException("Runner r1 has left the session"));
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplyAlert(Cadence("a1", "r1", T0)));
        var feed = RenderLive<AlertFeed>();

        await feed.Find("[data-action=send-suggested]").ClickAsync(new());

        Assert.Contains("Runner r1 has left the session", feed.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertWithoutSuggestedCue_OffersNoSendButton()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplyAlert(new FormAlert
        {
            AlertId = "b", RunnerId = "r1", Kind = AlertKind.LowBattery, StartedAt = T0, Message = "Battery 12 %",
        }));

        var feed = RenderLive<AlertFeed>();

        Assert.Single(feed.FindAll("[data-alert-kind=lowBattery]"));
        Assert.Empty(feed.FindAll("[data-action=send-suggested]"));
    }

    private static FormAlert Cadence(string id, string runnerId, long at) => new()
    {
        AlertId = id, RunnerId = runnerId, Kind = AlertKind.CadenceDrop, StartedAt = at, Severity = AlertSeverity.Warning,
        Message = "Cadence 168 spm, 6.7 % below baseline 180 for 15 s",
        SuggestedCue = "Quick feet, pull the knees through", SuggestedCueId = "cadenceDrop.1",
    };

    private static FormAlert Imbalance(string id, string runnerId, long at) => new()
    {
        AlertId = id, RunnerId = runnerId, Kind = AlertKind.Imbalance, StartedAt = at, Severity = AlertSeverity.Warning,
        Message = "Left 46 % of ground contact for 20 s", Side = "left",
        SuggestedCue = "Squeeze the left glute as you push off", SuggestedCueId = "imbalance.1:left",
    };
}
