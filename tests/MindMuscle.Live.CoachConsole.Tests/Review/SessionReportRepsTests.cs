using AngleSharp.Html.Parser;
using MindMuscle.Live.CoachConsole.Review;
using MindMuscle.Live.CoachConsole.Tests.Live;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Quality.Track;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Tests.Review;

/// <summary>
/// The report's reps and group charts on a simulated 6 x 800 m: one runner fading from rep 4 (the alerts come from the
/// real alert engine over the same samples), one holding the pace.
/// </summary>
public sealed class SessionReportRepsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<(InMemorySessionData Data, string Html)> Report = new(Build);

    [Fact]
    public void BuildAsync_IntervalSession_RepTablePerRunnerWithFadeFromRepFour()
    {
        var document = new HtmlParser().ParseDocument(Report.Value.Html);

        var fading = document.QuerySelectorAll("#runner-r01 table.reps tbody tr.rep");
        var steady = document.QuerySelectorAll("#runner-r02 table.reps tbody tr.rep");
        Assert.Equal(6, fading.Length);
        Assert.Equal(6, steady.Length);
        Assert.Equal(["false", "false", "false", "true", "true", "true"], fading.Select(r => r.GetAttribute("data-faded")));
        Assert.All(steady, r => Assert.Equal("false", r.GetAttribute("data-faded")));
        Assert.All(steady, r => Assert.Matches(@"^(7[6-9]\d|8[0-3]\d) m$", r.QuerySelector("td.rep-distance")!.TextContent));
        Assert.Matches(@"^\d+$", steady[0].QuerySelector("td.rep-drop")!.TextContent); // 90 s recoveries: the 60 s drop is known
        Assert.Contains("faded", fading[3].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildAsync_IntervalSession_GroupRepMatrixRunnerByRep()
    {
        var document = new HtmlParser().ParseDocument(Report.Value.Html);

        var matrix = Assert.Single(document.QuerySelectorAll("#group table.rep-matrix"));
        Assert.Equal(["Runner", "R1", "R2", "R3", "R4", "R5", "R6"], matrix.QuerySelectorAll("thead th").Select(th => th.TextContent));
        var rows = matrix.QuerySelectorAll("tbody tr");
        Assert.Equal(["r01", "r02"], rows.Select(r => r.GetAttribute("data-runner")));
        Assert.Equal(3, rows[0].QuerySelectorAll("td.rep-cell.faded").Length);
        Assert.Empty(rows[1].QuerySelectorAll("td.rep-cell.faded"));
        Assert.Matches(@"^\d:\d\d\d:\d\d$", rows[1].QuerySelector("td.rep-cell")!.TextContent); // time, then pace
    }

    [Fact]
    public void BuildAsync_GroupCharts_DotPlotsADotPerRunnerNoBars()
    {
        var document = new HtmlParser().ParseDocument(Report.Value.Html);

        foreach (var metric in new[] { "group-cadence", "group-heartRate" })
        {
            var figure = Assert.Single(document.QuerySelectorAll($"figure[data-metric='{metric}']"));
            Assert.Equal("dots", figure.GetAttribute("data-chart"));
            Assert.Equal(2, figure.QuerySelectorAll("svg circle, svg ellipse").Length);
        }
    }

    [Fact]
    public async Task For_SteadySession_NoReps()
    {
        var data = InMemorySessionData.Create(runners: 1, seconds: 600);
        var samples = await data.GetSamplesAsync("r01", TestContext.Current.CancellationToken);

        Assert.Empty(ReportReps.For(samples, []));
    }

    private static (InMemorySessionData, string) Build()
    {
        var fading = TrackQualityPlan.Standard.Single(p => p.Name == "6x800 jog 1:30 fading");
        var steady = TrackQualityPlan.Standard.Single(p => p.Name == "6x800 jog 1:30");
        var samples = new Dictionary<string, MetricSample[]> { ["r01"] = Play(fading, 1), ["r02"] = Play(steady, 2) };
        var engine = new AlertEngine("s-reps", AlertSettings.Default);
        var events = new List<AlertEvent>();
        foreach (var (runner, stream) in samples)
        {
            foreach (var sample in stream)
            {
                engine.Feed(runner, [sample], events);
            }
        }

        var alerts = events.GroupBy(e => e.Alert.AlertId).Select(g => g.Last().Alert).ToArray();
        var start = samples["r01"][0].ObservedAt;
        var snapshot = new SessionSnapshot
        {
            Session = new SessionSummary { SessionId = "s-reps", Name = "6x800", CreatedAt = start },
            Runners = [new RunnerSnapshot { RunnerId = "r01", Name = "Fading" }, new RunnerSnapshot { RunnerId = "r02", Name = "Holding" }],
        };
        var data = new InMemorySessionData(snapshot, samples, alerts, Array.Empty<CueUpdate>());
        var html = SessionReport.BuildAsync(data, TimeProvider.System, CancellationToken.None).WaitAsync(Timeout).GetAwaiter().GetResult();
        return (data, html);
    }

    private static MetricSample[] Play(TrackQualityPlan plan, int seed)
    {
        var (scenario, profile, _) = plan.Build(seed);
        var model = new RunnerModel(scenario, seed, profile);
        var start = GroupScenario.Start.ToUnixTimeMilliseconds();
        return [.. Enumerable.Range(1, (int)scenario.Duration.TotalSeconds).Select(t =>
            model.At(TimeSpan.FromSeconds(t)).ToMetricSample(start + (t * 1000L)) with { Seq = t })];
    }
}
