using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Web.Live;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class CueSheetTests : LiveTestContext
{
    [Fact]
    public async Task Open_ForARunnerWithAnImbalanceAlert_OffersItsSidedCuesFirst()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplyAlert(new FormAlert { AlertId = "a", RunnerId = "r1", Kind = AlertKind.Imbalance, Side = "left", StartedAt = T0 }));

        var sheet = RenderSheet("r1");

        var first = sheet.FindAll("[data-cue-option]")[0];
        Assert.Equal("imbalance.1:left", first.GetAttribute("data-cue-option"));
        Assert.Equal("Squeeze the left glute as you push off", first.TextContent.Trim());
    }

    [Fact]
    public async Task Open_OffersEveryCatalogCueOnce()
    {
        await StartSessionAsync("Ana");

        var sheet = RenderSheet("r1");

        var ids = sheet.FindAll("[data-cue-option]").Select(e => e.GetAttribute("data-cue-option")).ToArray();
        Assert.Equal(CueCatalog.BuiltIn.Count, ids.Length);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Contains("checkIn.1", ids);
    }

    [Fact]
    public async Task CatalogOption_Tapped_SendsItToTheRunnerAndCloses()
    {
        await StartSessionAsync("Ana");
        var closed = false;
        var sheet = RenderSheet("r1", () => closed = true);

        await sheet.Find("[data-cue-option='checkIn.2']").ClickAsync(new());

        await Hub.Received(1).SendCueAsync(Arg.Is<CueRequest>(r => r.RunnerId == "r1" && r.CueId == "checkIn.2"), Arg.Any<CancellationToken>());
        Assert.True(closed);
    }

    [Fact]
    public async Task FreeText_Submitted_SendsTheTextToTheWholeGroup()
    {
        await StartSessionAsync("Ana", "Ben");
        var sheet = RenderSheet(runnerId: null);
        Assert.Equal("group", sheet.Find("[role=dialog]").GetAttribute("data-cue-target"));

        await sheet.Find("[data-cue-text]").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "  Last lap, relax the shoulders " });
        await sheet.Find("form").SubmitAsync();

        await Hub.Received(1).SendCueAsync(Arg.Is<CueRequest>(r => r.RunnerId == null && r.Text == "Last lap, relax the shoulders" && r.CueId == null),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Send_HubRefuses_StaysOpenAndSaysWhy()
    {
        Hub.SendCueAsync(Arg.Any<CueRequest>(), Arg.Any<CancellationToken>()).ThrowsAsync(new HubException("Cue text is longer than 120 characters"));
        await StartSessionAsync("Ana");
        var closed = false;
        var sheet = RenderSheet("r1", () => closed = true);

        await sheet.Find("[data-cue-option='checkIn.1']").ClickAsync(new());

        Assert.False(closed);
        Assert.Contains("longer than 120 characters", sheet.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HrMax_Changed_MovesTheRunnersZones()
    {
        await StartSessionAsync("Ana");
        var sheet = RenderSheet("r1");

        await sheet.Find("[data-hr-max]").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "176" });

        Assert.Equal(176, Store.HrMaxOf(Store.Find("r1")!));
    }

    [Fact]
    public void Closed_RendersNothing()
    {
        var sheet = RenderLive<CueSheet>(p => p.Add(c => c.Open, false));

        Assert.Empty(sheet.FindAll("[role=dialog]"));
    }

    private IRenderedComponent<CueSheet> RenderSheet(string? runnerId, Action? onClose = null) =>
        RenderLive<CueSheet>(p =>
        {
            p.Add(c => c.Open, true).Add(c => c.Runner, runnerId is null ? null : Store.Find(runnerId));
            if (onClose is not null)
            {
                p.Add(c => c.OnClose, onClose);
            }
        });
}
