using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class RunnerTileTests : LiveTestContext
{
    [Fact]
    public async Task Render_WithASample_ShowsEachValueUnderItsJsonFieldName()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0))));

        var tile = RenderTile("r1");

        Assert.Equal("r1", tile.Find("article").GetAttribute("data-runner-id"));
        Assert.Equal("150", Metric(tile, "heartRateBpm"));
        Assert.Equal("178", Metric(tile, "cadenceSpm"));
        Assert.Equal("4:10", Metric(tile, "speedMps"));
        Assert.Equal("1.35", Metric(tile, "strideLengthM"));
        Assert.Equal("242", Metric(tile, "groundContactMs"));
        Assert.Equal("8.4", Metric(tile, "verticalOscillationCm"));
        Assert.Equal("49/51", Metric(tile, "gctBalanceLeftPct"));
        Assert.Equal("305", Metric(tile, "powerW"));
        Assert.Equal("87", Metric(tile, "batteryPct"));
        Assert.Equal("4", tile.Find("[data-metric=speedMps]").GetAttribute("data-value"));
        Assert.Equal("Ana", tile.Find(".name").TextContent);
    }

    [Fact]
    public async Task Render_MissingReadings_ShowADashNeverZero()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", new MetricSample { Seq = 1, ObservedAt = T0, HeartRateBpm = 140 })));

        var tile = RenderTile("r1");

        Assert.Equal(MetricFormat.Missing, Metric(tile, "cadenceSpm"));
        Assert.Equal(MetricFormat.Missing, Metric(tile, "speedMps"));
        Assert.Equal(MetricFormat.Missing, Metric(tile, "powerW"));
    }

    [Theory]
    [InlineData(113, "1")]
    [InlineData(114, "2")]
    [InlineData(170, "4")]
    [InlineData(171, "5")]
    public async Task Render_HeartRateAtAZoneBoundary_ColoursTheTileByZone(int bpm, string zone)
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0, bpm))));

        var article = RenderTile("r1").Find("article");

        Assert.Equal(zone, article.GetAttribute("data-zone"));
        Assert.Contains("zone-" + zone, article.ClassList);
    }

    [Fact]
    public async Task SetHrMax_ForOneRunner_MovesItsZone()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0, 171))));
        var tile = RenderTile("r1");
        Assert.Equal("5", tile.Find("article").GetAttribute("data-zone"));

        await ApplyAsync(s => s.SetHrMax("r1", 200));

        Assert.Equal("4", tile.Find("article").GetAttribute("data-zone"));
    }

    [Fact]
    public async Task Render_SessionHrMaxFromTheSnapshot_IsTheDefault()
    {
        await ApplyAsync(s => s.ApplySnapshot(new SessionSnapshot
        {
            Session = new SessionSummary { SessionId = "s1", Name = "x" },
            Runners = [new RunnerSnapshot { RunnerId = "r1", Name = "Ana", State = RunnerState.Live, LastSeq = 1, Latest = Sample(1, T0, 171) }],
            HubTime = T0,
        }, hrMaxBpm: 200));

        Assert.Equal("4", RenderTile("r1").Find("article").GetAttribute("data-zone"));
    }

    [Fact]
    public async Task Tick_NoSampleForLongerThanStaleAfter_TurnsTheBadgeStaleWithTheAge()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0))));
        var tile = RenderTile("r1");
        Assert.Equal("live 0 s", Badge(tile));

        Time.Advance(TimeSpan.FromSeconds(4));
        await ApplyAsync(s => s.Tick());
        Assert.Equal("live", tile.Find("article").GetAttribute("data-freshness"));
        Assert.Equal("live 4 s", Badge(tile));

        Time.Advance(TimeSpan.FromSeconds(2));
        await ApplyAsync(s => s.Tick());
        Assert.Equal("stale", tile.Find("article").GetAttribute("data-freshness"));
        Assert.Equal("stale 6 s", Badge(tile));
    }

    [Theory]
    [InlineData(RunnerState.Backfilling, "backfilling")]
    [InlineData(RunnerState.Left, "left")]
    [InlineData(RunnerState.Stale, "stale")]
    public async Task ApplyRunnerStatus_HubState_ShowsOnTheBadge(RunnerState state, string word)
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0))));
        var tile = RenderTile("r1");

        await ApplyAsync(s => s.ApplyRunnerStatus(new RunnerStatusUpdate { RunnerId = "r1", Name = "Ana", State = state, At = T0 }));

        Assert.Equal(word, tile.Find("article").GetAttribute("data-freshness"));
        Assert.StartsWith(word, Badge(tile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAlert_OpenThenCleared_MarksTheTileWhileOpen()
    {
        await StartSessionAsync("Ana");
        var tile = RenderTile("r1");
        var alert = new FormAlert { AlertId = "a1", RunnerId = "r1", Kind = AlertKind.CadenceDrop, StartedAt = T0, Message = "Cadence down" };

        await ApplyAsync(s => s.ApplyAlert(alert));
        Assert.Equal("true", tile.Find("article").GetAttribute("data-alert-open"));
        Assert.Contains("alert-open", tile.Find("article").ClassList);

        await ApplyAsync(s => s.ApplyAlert(alert with { ClearedAt = T0 + 20_000 }));
        Assert.Equal("false", tile.Find("article").GetAttribute("data-alert-open"));
    }

    [Fact]
    public async Task CueButton_Tapped_AsksToCueThisRunner()
    {
        await StartSessionAsync("Ana");
        RunnerLive? asked = null;
        var tile = RenderTile("r1", r => asked = r);

        await tile.Find("[data-action=cue]").ClickAsync(new());

        Assert.Equal("r1", asked?.RunnerId);
        Assert.Equal("Cue Ana", tile.Find("[data-action=cue]").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task ApplyCue_StatusesInTurn_TheTileChipFollowsTheHub()
    {
        await StartSessionAsync("Ana");
        var tile = RenderTile("r1");
        var cue = new CueUpdate { CueId = "c1", RunnerId = "r1", Text = "Quick feet", IssuedAt = T0, Status = CueStatus.Sent };

        foreach (var (status, word) in new[] { (CueStatus.Sent, "sent"), (CueStatus.Delivered, "delivered"), (CueStatus.Spoken, "spoken") })
        {
            await ApplyAsync(s => s.ApplyCue(cue with { Status = status }));
            Assert.Equal(word, tile.Find("[data-cue-status]").GetAttribute("data-cue-status"));
        }
    }

    [Fact]
    public async Task Render_SensorContactLost_SaysSo()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0) with { SensorContact = false })));

        var tile = RenderTile("r1");

        Assert.Equal("lost", tile.Find("[data-contact]").GetAttribute("data-contact"));
    }

    [Fact]
    public async Task Render_History_DrawsASparklineOfTheChosenMetric()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0 - 100_000, 140), Sample(2, T0 - 50_000, 150), Sample(3, T0, 160))));

        var points = RenderTile("r1").Find("svg.spark polyline").GetAttribute("points")!.Split(' ');

        Assert.Equal(3, points.Length);
        // Rising heart rate: the last point is higher (smaller y) than the first.
        Assert.True(double.Parse(points[^1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)
                    < double.Parse(points[0].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The runner's tile inside a grid, which renders it again on the animation frames after its runner changed.</summary>
    private IRenderedComponent<RunnerTile> RenderTile(string runnerId, Action<RunnerLive>? onCue = null)
    {
        var grid = RenderLive<RunnerGrid>(p =>
        {
            if (onCue is not null)
            {
                p.Add(g => g.OnCue, onCue);
            }
        });
        return grid.FindComponents<RunnerTile>().Single(t => t.Instance.Runner.RunnerId == runnerId);
    }

    private static string Metric(IRenderedComponent<RunnerTile> tile, string field) =>
        tile.Find($"[data-metric={field}]").TextContent.Trim();

    private static string Badge(IRenderedComponent<RunnerTile> tile) => tile.Find("[data-freshness-badge]").TextContent.Trim();
}
