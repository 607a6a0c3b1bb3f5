using System.Text.Json;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Web.Review;
using MindMuscle.Live.Web.Review.Charts;

namespace MindMuscle.Live.Web.Tests.Review.Charts;

/// <summary>The chart's parameters -> its hub requests and its calls into js/charts.js (mocked as bUnit does).</summary>
public sealed class SeriesChartTests : BunitContext
{
    private const string SeriesPath = "/api/sessions/s1/series";
    private static readonly ReviewReader Coach = new("s1", "tok", IsShare: false, ScopedRunnerId: null);
    private readonly ReviewHubStub _hub = new();
    private readonly BunitJSModuleInterop _charts;

    public SeriesChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        _charts = JSInterop.SetupModule("./js/charts.js");
        Services.AddSingleton(new ReviewApi(_hub.Client()));
        // r1 has buckets at 1 s and 2 s, r2 at 2 s and 3 s: one x axis with gaps, never zeros.
        _hub.Answer(SeriesPath, request =>
        {
            var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var metric = query["metric"]!;
            var series = query.GetValues("runnerId")!.Select(id => new RunnerSeries
            {
                RunnerId = id,
                Metric = metric,
                Points = id == "r1"
                    ? [Point(1000, 3, 5, 4), Point(2000, 4, 6, 5)]
                    : [Point(2000, 2, 4, 3), Point(3000, 3, 3, 3)],
            }).ToArray();
            return series.Length == 1 ? JsonSerializer.Serialize(series[0]) : JsonSerializer.Serialize(series);
        });
    }

    [Fact]
    public void Overlay_TwoRunners_AsksOnceAndDrawsOneChartWithAlignedLines()
    {
        var cut = RenderChart(["r1", "r2"], "cadenceSpm");

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-chart]").GetAttribute("data-chart-ready")));
        var request = Assert.Single(_hub.To(SeriesPath));
        Assert.Equal("?runnerId=r1&runnerId=r2&metric=cadenceSpm&points=500", request.RequestUri!.Query);
        var frame = CreatedFrames().Single();
        Assert.Equal([1.0, 2.0, 3.0], frame.X);
        Assert.Equal([5.0, 6.0, null], frame.Series[0].Max);
        Assert.Equal([4.0, 5.0, null], frame.Series[0].Mean);
        Assert.Equal([null, 2.0, 3.0], frame.Series[1].Min);
        Assert.Equal(["Ana", "Ben"], frame.Series.Select(s => s.Label));
        Assert.Equal("cadenceSpm", cut.Find("[data-chart]").GetAttribute("data-metric"));
    }

    [Fact]
    public void ModeToggle_Multiples_DrawsOneChartPerRunner()
    {
        var cut = RenderChart(["r1", "r2"], "heartRateBpm");
        cut.WaitForAssertion(() => Assert.Single(CreatedFrames()));

        cut.Find("select[data-chart-mode]").Change("multiples");

        cut.WaitForAssertion(() => Assert.Equal(3, CreatedFrames().Count));
        Assert.Equal(["r1", "r2"], CreatedFrames().Skip(1).Select(f => Assert.Single(f.Series).RunnerId));
        Assert.Equal(2, cut.FindAll("[data-chart-panel]").Count);
        // The mode only redraws: the data is the same.
        Assert.Single(_hub.To(SeriesPath));
    }

    [Fact]
    public void Alerts_OfTheChartedRunners_AreShadedAndListed()
    {
        FormAlert[] alerts =
        [
            new() { AlertId = "a1", Kind = AlertKind.Imbalance, RunnerId = "r1", StartedAt = 1500, ClearedAt = 2500, Severity = AlertSeverity.Warning },
            new() { AlertId = "a2", Kind = AlertKind.HrCeiling, RunnerId = "r2", StartedAt = 2200, Severity = AlertSeverity.Critical },
            new() { AlertId = "a3", Kind = AlertKind.CadenceDrop, RunnerId = "r9", StartedAt = 1000, ClearedAt = 3000 },
        ];

        var cut = RenderChart(["r1", "r2"], "heartRateBpm", p => p.Add(c => c.Alerts, alerts));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-alert-span]").Count));
        var spans = cut.FindAll("[data-alert-span]");
        Assert.Equal(("imbalance", "r1", "1500", "2500"), Attributes(spans[0]));
        // Still open: shaded to the end of what is drawn (the last bucket, 3 s, runs to 4 s).
        Assert.Equal(("hrCeiling", "r2", "2200", "4000"), Attributes(spans[1]));
        Assert.Equal([(1.5, 2.5), (2.2, 4.0)], CreatedFrames().Single().Spans.Select(s => (s.From, s.To)));
        Assert.Equal((1.0, 4.0), (CreatedFrames().Single().XMin ?? 1.0, CreatedFrames().Single().XMax!.Value));
    }

    [Fact]
    public void Alert_RaisedInTheLastBucket_IsShaded()
    {
        // r1's last bucket starts at 2 s; an alert raised on its last sample (2.4 s) when the session ended.
        FormAlert[] alerts = [new() { AlertId = "a1", Kind = AlertKind.Imbalance, RunnerId = "r1", StartedAt = 2400, ClearedAt = 2400 }];

        var cut = RenderChart(["r1"], "heartRateBpm", p => p.Add(c => c.Alerts, alerts));

        cut.WaitForAssertion(() => Assert.Equal(("imbalance", "r1", "2400", "2400"), Attributes(cut.Find("[data-alert-span]"))));
    }

    [Fact]
    public void Alert_AfterTheLastRecordedBucket_StretchesTheUnzoomedRangeToShowIt()
    {
        FormAlert[] alerts = [new() { AlertId = "a1", Kind = AlertKind.Imbalance, RunnerId = "r1", StartedAt = 3500 }];

        var cut = RenderChart(["r1"], "heartRateBpm", p => p.Add(c => c.Alerts, alerts));

        cut.WaitForAssertion(() => Assert.Equal(("imbalance", "r1", "3500", "3500"), Attributes(cut.Find("[data-alert-span]"))));
        Assert.Equal(3.5, CreatedFrames().Single().XMax);
    }

    [Fact]
    public void CuesAndMarkers_AreMarked_OnlyForTheChartedRunnersOrTheGroup()
    {
        CueUpdate[] cues = [new() { CueId = "c1", RunnerId = "r1", Text = "Relax", IssuedAt = 1200 }, new() { CueId = "c2", RunnerId = "r9", Text = "x", IssuedAt = 1300 }];
        SessionMarker[] markers = [new() { MarkerId = 1, Kind = MarkerKind.Lap, At = 1800 }, new() { MarkerId = 2, Kind = MarkerKind.Note, RunnerId = "r9", At = 1900 }];

        var cut = RenderChart(["r1"], "heartRateBpm", p => p.Add(c => c.Cues, cues).Add(c => c.Markers, markers));

        cut.WaitForAssertion(() => Assert.Single(CreatedFrames()));
        Assert.Equal([(1.2, false), (1.8, true)], CreatedFrames().Single().Marks.Select(m => (m.T, m.Dashed)));
    }

    [Fact]
    public void Speed_IsDrawnAsPace_TheSlowestBucketAtTheTop()
    {
        var cut = RenderChart(["r1"], "speedMps");

        cut.WaitForAssertion(() => Assert.Single(CreatedFrames()));
        var frame = CreatedFrames().Single();
        Assert.Equal("pace", frame.Format);
        // Bucket 1: speeds 3..5 m/s, mean 4 -> pace 200..333 s/km, mean 250.
        Assert.Equal(250, frame.Series[0].Mean[0]);
        Assert.Equal(200, frame.Series[0].Min[0]);
        Assert.Equal(1000 / 3.0, frame.Series[0].Max[0]!.Value, 6);
    }

    [Fact]
    public async Task DragZoom_RefetchesTheRange_TellsTheHost_AndResetGoesBack()
    {
        var zooms = new List<ChartRange>();
        var cut = RenderChart(["r1"], "heartRateBpm", p => p.Add(c => c.OnZoom, zooms.Add));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-chart]").GetAttribute("data-chart-ready")));

        await cut.InvokeAsync(() => cut.FindComponent<ChartPanel>().Instance.OnChartZoom(1500, 2600));

        cut.WaitForAssertion(() => Assert.Equal(2, _hub.To(SeriesPath).Count));
        Assert.EndsWith("&from=1500&to=2600", _hub.To(SeriesPath)[1].RequestUri!.Query, StringComparison.Ordinal);
        Assert.Equal([new ChartRange(1500, 2600)], zooms);
        cut.WaitForAssertion(() => Assert.Equal((1.5, 2.6), (_charts.Invocations["update"][^1].Arguments[1] as ChartFrame) is { } f ? (f.XMin!.Value, f.XMax!.Value) : default));
        Assert.Equal("1500", cut.Find("[data-chart]").GetAttribute("data-range-from"));

        cut.Find("[data-action=reset-zoom]").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, _hub.To(SeriesPath).Count));
        Assert.Equal("?runnerId=r1&metric=heartRateBpm&points=500", _hub.To(SeriesPath)[2].RequestUri!.Query);
        Assert.Equal(new ChartRange(null, null), zooms[^1]);
        Assert.Empty(cut.FindAll("[data-action=reset-zoom]"));
    }

    [Fact]
    public async Task DragZoom_WhileALoadIsPending_CancelsTheStaleRequest()
    {
        var cut = RenderChart(["r1"], "heartRateBpm");
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-chart]").GetAttribute("data-chart-ready")));
        var panel = cut.FindComponent<ChartPanel>().Instance;
        _hub.Hold = new TaskCompletionSource();
        var first = cut.InvokeAsync(() => panel.OnChartZoom(1000, 3000));
        cut.WaitForAssertion(() => Assert.Equal(2, _hub.Requests.Count));

        var second = cut.InvokeAsync(() => panel.OnChartZoom(1500, 2000));
        await _hub.WhenRequestsAsync(3, Xunit.TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(3, _hub.Requests.Count);
        var stale = _hub.Requests.ElementAt(1);
        Assert.True(stale.Token.IsCancellationRequested);
        _hub.Hold.SetResult();
        await Task.WhenAll(first, second);

        cut.WaitForAssertion(() => Assert.Equal((1.5, 2.0), (_charts.Invocations["update"][^1].Arguments[1] as ChartFrame) is { } f ? (f.XMin!.Value, f.XMax!.Value) : default));
    }

    [Fact]
    public void CursorAt_MovesTheLine_WithoutSendingTheDataAgain()
    {
        var cut = RenderChart(["r1"], "heartRateBpm");
        cut.WaitForAssertion(() => Assert.Single(CreatedFrames()));

        cut.Render(p => p.Add(c => c.CursorAt, 2500));

        cut.WaitForAssertion(() => Assert.Equal(2.5, Assert.Single(_charts.Invocations["cursor"]).Arguments[1]));
        Assert.Empty(_charts.Invocations["update"]);
        Assert.Single(_hub.To(SeriesPath));
    }

    [Fact]
    public void MetricPicker_RefetchesTheNewMetric_AndTellsTheHost()
    {
        string? picked = null;
        var cut = RenderChart(["r1"], "heartRateBpm", p => p.Add(c => c.MetricChanged, m => picked = m));
        cut.WaitForAssertion(() => Assert.Single(_hub.To(SeriesPath)));

        cut.Find("select[data-chart-metric]").Change("groundContactMs");

        cut.WaitForAssertion(() => Assert.Equal(2, _hub.To(SeriesPath).Count));
        Assert.Contains("metric=groundContactMs", _hub.To(SeriesPath)[1].RequestUri!.Query, StringComparison.Ordinal);
        Assert.Equal("groundContactMs", picked);
        Assert.Equal("groundContactMs", cut.Find("[data-chart]").GetAttribute("data-metric"));
    }

    [Fact]
    public void HubRefusal_IsShownAsItsMessage()
    {
        _hub.Answer(SeriesPath, _ => throw new HttpRequestException("down"));

        var cut = RenderChart(["r1"], "heartRateBpm");

        cut.WaitForAssertion(() => Assert.Contains("Cannot reach the hub", cut.Find("[data-chart-error]").TextContent, StringComparison.Ordinal));
        Assert.Null(cut.Find("[data-chart]").GetAttribute("data-chart-ready"));
    }

    private IRenderedComponent<SeriesChart> RenderChart(string[] runnerIds, string metric, Action<ComponentParameterCollectionBuilder<SeriesChart>>? more = null) =>
        Render<SeriesChart>(p =>
        {
            p.Add(c => c.Reader, Coach)
                .Add(c => c.RunnerIds, runnerIds)
                .Add(c => c.RunnerNames, new Dictionary<string, string> { ["r1"] = "Ana", ["r2"] = "Ben" })
                .Add(c => c.Metric, metric)
                .Add(c => c.Origin, 0L);
            more?.Invoke(p);
        });

    private List<ChartFrame> CreatedFrames() => [.. _charts.Invocations["create"].Select(i => (ChartFrame)i.Arguments[3]!)];

    private static (string?, string?, string?, string?) Attributes(AngleSharp.Dom.IElement span) =>
        (span.GetAttribute("data-alert-span"), span.GetAttribute("data-span-runner"), span.GetAttribute("data-span-from"), span.GetAttribute("data-span-to"));

    private static SeriesPoint Point(long t, double min, double max, double mean) => new() { T = t, Min = min, Max = max, Mean = mean, N = 4 };
}
