using System.Text.Json;
using System.Text.RegularExpressions;
using MindMuscle.Live.Core.Contracts;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Live;

/// <summary>
/// js/tiles.js in Chromium on a tile the live page rendered: the module the page set up (its field layout from
/// TileFields) writes a tile's values into the elements Blazor made.
/// </summary>
public sealed class TileWriterTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    protected override bool InstallsServiceWorker => false;

    /// <summary>
    /// One write, in TileFields' order: a text into the element's own text node, a missing pace drops the raw
    /// <c>data-value</c>, a low battery marks its cell, an empty sparkline clears the old line, a null field stays.
    /// </summary>
    [Fact]
    public async Task Write_ChangesTextPaceBatteryAndClearsTheSparkline_InTheRenderedTile()
    {
        var session = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Tile writes" });
        var ana = await App.Hub.JoinAsync(session.JoinCode, "Ana", Ct);
        await App.Hub.PublishAsync(ana, count: 40);
        var page = await NewPageAsync(Tablet);
        await page.GotoAsync(session.CoachUrl!);
        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected");
        var tile = page.Locator($"[data-runner-id='{ana.RunnerId}']");
        await Expect(tile.Locator("[data-metric=heartRateBpm]")).ToHaveTextAsync(new Regex(@"^\d{2,3}$"));
        await Expect(tile.Locator("[data-metric=speedMps]")).ToHaveAttributeAsync("data-value", new Regex(@"^\d"));
        await Expect(tile.Locator("svg.spark polyline")).ToHaveAttributeAsync("points", new Regex(@"\d"));
        var cadence = await tile.Locator("[data-metric=cadenceSpm]").TextContentAsync();

        // Runner id, then heart rate, cadence, pace, raw speed, stride, contact, oscillation, balance, power, battery,
        // battery low, sparkline points.
        string?[] fields = [ana.RunnerId, "151", null, "\u2013", "\u2013", null, null, null, null, null, "9", "1", ""];
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async ([id, fields]) => {
              const tiles = await import("./js/tiles.js");
              const tile = document.querySelector(`article.tile[data-runner-id='${id}']`);
              const hr = tile.querySelector("[data-metric=heartRateBpm]");
              const hrText = hr.firstChild;
              tiles.write(fields);
              const pace = tile.querySelector("[data-metric=speedMps]");
              const battery = tile.querySelector("[data-metric=batteryPct]");
              return {
                hr: hr.textContent,
                sameTextNode: hr.firstChild === hrText,
                cadence: tile.querySelector("[data-metric=cadenceSpm]").textContent,
                pace: pace.textContent,
                paceHasValue: pace.hasAttribute("data-value"),
                battery: battery.textContent,
                batteryLow: battery.parentElement.classList.contains("low"),
                points: tile.querySelector("svg.spark polyline").getAttribute("points"),
              };
            }
            """,
            new object[] { ana.RunnerId, fields });

        Assert.Equal("151", result.GetProperty("hr").GetString());
        Assert.True(result.GetProperty("sameTextNode").GetBoolean(), "the heart rate's text node was replaced");
        Assert.Equal(cadence, result.GetProperty("cadence").GetString());
        Assert.Equal("\u2013", result.GetProperty("pace").GetString());
        Assert.False(result.GetProperty("paceHasValue").GetBoolean(), "a missing pace kept its raw data-value");
        Assert.Equal("9", result.GetProperty("battery").GetString());
        Assert.True(result.GetProperty("batteryLow").GetBoolean(), "a low battery's cell is not marked low");
        Assert.Equal("", result.GetProperty("points").GetString());
    }
}
