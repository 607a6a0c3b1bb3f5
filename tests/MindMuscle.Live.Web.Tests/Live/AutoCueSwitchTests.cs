using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Web.Live;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace MindMuscle.Live.Web.Tests.Live;

/// <summary>The live view's three-way auto-cue switch in the header.</summary>
public sealed class AutoCueSwitchTests : LiveTestContext
{
    [Fact]
    public async Task Switch_ShowsTheSessionsModeAsTheCheckedOneOfThree()
    {
        await StartSessionAsync("Ana");
        var header = RenderLive<LiveHeader>();

        var modes = header.FindAll("[data-action=auto-cue]");

        Assert.Equal(["off", "suggest", "auto"], modes.Select(m => m.GetAttribute("data-auto-cue-mode")));
        Assert.Equal(["false", "true", "false"], modes.Select(m => m.GetAttribute("aria-checked")));
        Assert.Equal("suggest", header.Find("[data-auto-cue]").GetAttribute("data-auto-cue"));
    }

    [Fact]
    public async Task TapAuto_CallsSetAutoCueAndShowsTheHubsAnswer()
    {
        await StartSessionAsync("Ana");
        Hub.SetAutoCueAsync(AutoCueMode.Auto, Arg.Any<CancellationToken>())
            .Returns(new SessionSummary { SessionId = "s1", Name = "Tuesday 6x800", AutoCue = AutoCueMode.Auto });
        var header = RenderLive<LiveHeader>();

        await header.Find("[data-auto-cue-mode=auto]").ClickAsync(new());
        await FlushFrameAsync();

        await Hub.Received(1).SetAutoCueAsync(AutoCueMode.Auto, Arg.Any<CancellationToken>());
        Assert.Equal(AutoCueMode.Auto, Store.AutoCue);
        Assert.Equal("true", header.Find("[data-auto-cue-mode=auto]").GetAttribute("aria-checked"));
        Assert.Equal("auto", header.Find("[data-auto-cue]").GetAttribute("data-auto-cue"));
    }

    [Fact]
    public async Task TapTheCurrentMode_CallsNothing()
    {
        await StartSessionAsync("Ana");
        var header = RenderLive<LiveHeader>();

        await header.Find("[data-auto-cue-mode=suggest]").ClickAsync(new());

        await Hub.DidNotReceiveWithAnyArgs().SetAutoCueAsync(default, Xunit.TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SessionUpdatedFromAnotherCoach_MovesTheSwitch()
    {
        await StartSessionAsync("Ana");
        var header = RenderLive<LiveHeader>();

        await ApplyAsync(s => s.ApplySession(new SessionSummary { SessionId = "s1", Name = "Tuesday 6x800", AutoCue = AutoCueMode.Off }));

        Assert.Equal("true", header.Find("[data-auto-cue-mode=off]").GetAttribute("aria-checked"));
        Assert.Equal("false", header.Find("[data-auto-cue-mode=suggest]").GetAttribute("aria-checked"));
    }

    [Fact]
    public async Task HubRefuses_ShowsWhyAndKeepsTheMode()
    {
        await StartSessionAsync("Ana");
        Hub.SetAutoCueAsync(AutoCueMode.Off, Arg.Any<CancellationToken>()).ThrowsAsync(new HubException("Auto-cue mode rejected (sessionEnded): ended"));
        var header = RenderLive<LiveHeader>();

        await header.Find("[data-auto-cue-mode=off]").ClickAsync(new());

        Assert.Contains("sessionEnded", header.Find("[role=alert]").TextContent, StringComparison.Ordinal);
        Assert.Equal(AutoCueMode.Suggest, Store.AutoCue);
    }
}
