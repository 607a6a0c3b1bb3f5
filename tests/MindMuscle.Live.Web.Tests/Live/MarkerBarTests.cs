using Microsoft.AspNetCore.Components;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Web.Live;
using NSubstitute;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class MarkerBarTests : LiveTestContext
{
    [Theory]
    [InlineData("lap", MarkerKind.Lap)]
    [InlineData("repStart", MarkerKind.RepStart)]
    [InlineData("repEnd", MarkerKind.RepEnd)]
    public async Task QuickMarker_TappedForTheGroup_AddsItWithoutARunner(string word, MarkerKind kind)
    {
        var bar = RenderLive<MarkerBar>();

        await bar.Find($"[data-action=marker][data-marker-kind={word}]").ClickAsync(new());

        await Hub.Received(1).AddMarkerAsync(Arg.Is<MarkerRequest>(m => m.Kind == kind && m.RunnerId == null), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task QuickMarker_ForOneRunner_NamesTheRunner()
    {
        var bar = RenderLive<MarkerBar>(p => p.Add(b => b.RunnerId, "r2").Add(b => b.Who, "Ben"));

        await bar.Find("[data-marker-kind=lap]").ClickAsync(new());

        await Hub.Received(1).AddMarkerAsync(Arg.Is<MarkerRequest>(m => m.Kind == MarkerKind.Lap && m.RunnerId == "r2"), Arg.Any<CancellationToken>());
        Assert.Equal("Lap marker for Ben", bar.Find("[data-marker-kind=lap]").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Note_NeedsTextThenSendsIt()
    {
        var bar = RenderLive<MarkerBar>();
        Assert.True(bar.Find("[data-marker-kind=note]").HasAttribute("disabled"));

        await bar.Find("[data-marker-text]").InputAsync(new ChangeEventArgs { Value = "Wind picked up" });
        await bar.Find("[data-marker-kind=note]").ClickAsync(new());

        await Hub.Received(1).AddMarkerAsync(Arg.Is<MarkerRequest>(m => m.Kind == MarkerKind.Note && m.Text == "Wind picked up"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task MarkerList_ShowsAddedMarkersNewestFirst()
    {
        await StartSessionAsync("Ana");
        var list = RenderLive<MarkerList>();

        await ApplyAsync(s =>
        {
            s.ApplyMarker(new SessionMarker { MarkerId = 1, Kind = MarkerKind.RepStart, At = T0 - 60_000 });
            s.ApplyMarker(new SessionMarker { MarkerId = 2, Kind = MarkerKind.Note, RunnerId = "r1", At = T0, Text = "Good rep" });
            s.ApplyMarker(new SessionMarker { MarkerId = 2, Kind = MarkerKind.Note, RunnerId = "r1", At = T0, Text = "Good rep" });
        });

        var items = list.FindAll("[data-marker-id]");
        Assert.Equal(["2", "1"], items.Select(i => i.GetAttribute("data-marker-id")));
        Assert.Contains("Ana", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Good rep", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Group", items[1].TextContent, StringComparison.Ordinal);
    }
}
