using AngleSharp.Html.Parser;
using MindMuscle.Live.CoachConsole.Review;

namespace MindMuscle.Live.CoachConsole.Tests.Review;

public sealed class SessionReportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task BuildAsync_ThreeRunners_ChartPerRunnerAndMetricWithSvg()
    {
        var data = InMemorySessionData.Create(runners: 3, seconds: 300);

        var html = await SessionReport.BuildAsync(data, TimeProvider.System, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        var document = new HtmlParser().ParseDocument(html);
        foreach (var runner in new[] { "r01", "r02", "r03" })
        {
            foreach (var metric in ReportCharts.Metrics)
            {
                var figure = Assert.Single(document.QuerySelectorAll($"figure.chart[data-runner='{runner}'][data-metric='{metric.Key}']"));
                var svg = figure.QuerySelector("svg");
                Assert.NotNull(svg);
                Assert.True(svg.QuerySelectorAll("path, polyline, line").Length > 0, $"{runner}/{metric.Key} draws nothing");
            }
        }

        Assert.Equal(3 * ReportCharts.Metrics.Count, document.QuerySelectorAll("section.runner figure.chart").Length);
        Assert.NotNull(document.QuerySelector("figure[data-metric='group-cadence'] svg"));
        Assert.Empty(document.QuerySelectorAll("script, link[rel='stylesheet'], img[src^='http']"));
    }

    [Fact]
    public async Task BuildAsync_RunnerWithAlerts_SpansShadedListedAndTimed()
    {
        var data = InMemorySessionData.Create(runners: 2, seconds: 300);

        var html = await SessionReport.BuildAsync(data, TimeProvider.System, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        var document = new HtmlParser().ParseDocument(html);
        var cadence = Assert.Single(document.QuerySelectorAll("figure[data-runner='r01'][data-metric='cadence']"));
        Assert.Equal("2", cadence.GetAttribute("data-alert-spans"));
        var spans = cadence.QuerySelectorAll("li.alert-span");
        Assert.Equal(2, spans.Length);
        Assert.Equal("1.00", spans[0].GetAttribute("data-from-min"));
        Assert.Equal("1.50", spans[0].GetAttribute("data-to-min"));
        Assert.Equal("0", document.QuerySelector("figure[data-runner='r02'][data-metric='cadence']")!.GetAttribute("data-alert-spans"));
        var cadenceDrop = document.QuerySelector("#runner-r01 tr.alert-kind[data-kind='cadenceDrop']");
        Assert.NotNull(cadenceDrop);
        Assert.Contains("0:30", cadenceDrop.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_SummaryTable_LapsOf400mAndCuesHeard()
    {
        var data = InMemorySessionData.Create(runners: 1, seconds: 300);

        var html = await SessionReport.BuildAsync(data, TimeProvider.System, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        var document = new HtmlParser().ParseDocument(html);
        var laps = document.QuerySelectorAll("#runner-r01 table.laps tbody tr");
        Assert.Equal(3, laps.Length); // 4 m per sample x 300 samples = 1200 m
        Assert.Equal("2", document.QuerySelector("#runner-r01 td.cues-sent")!.TextContent);
        Assert.Equal("1", document.QuerySelector("#runner-r01 td.cues-heard")!.TextContent);
        Assert.Contains("Tuesday <6x800> & drills", document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Writes a sample report to MML_REPORT_OUT when set (docs/screenshots/report.png is rendered from it).</summary>
    [Fact]
    public async Task BuildAsync_SixRunners_WritesSampleWhenAsked()
    {
        var data = InMemorySessionData.Create(runners: 6, seconds: 600);

        var html = await SessionReport.BuildAsync(data, TimeProvider.System, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(6 * ReportCharts.Metrics.Count, new HtmlParser().ParseDocument(html).QuerySelectorAll("section.runner figure.chart").Length);
        if (Environment.GetEnvironmentVariable("MML_REPORT_OUT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, html, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void Prefix_TwoCharts_IdsAndReferencesMadeUnique()
    {
        const string svg = "<svg><clipPath id=\"clip1\"/><g clip-path=\"url(#clip1)\"><use href=\"#clip1\"/></g></svg>";

        var prefixed = ReportCharts.Prefix(svg, "c7-");

        Assert.Equal("<svg><clipPath id=\"c7-clip1\"/><g clip-path=\"url(#c7-clip1)\"><use href=\"#c7-clip1\"/></g></svg>", prefixed);
    }

    [Fact]
    public async Task Series_LongSession_DownsampledToMaxPoints()
    {
        var data = InMemorySessionData.Create(runners: 1, seconds: 3000);
        var samples = await data.GetSamplesAsync("r01", TestContext.Current.CancellationToken);

        var (xs, ys) = ReportCharts.Series(samples, s => s.CadenceSpm, samples[0].ObservedAt);

        Assert.InRange(xs.Length, ReportCharts.MaxPoints / 2, ReportCharts.MaxPoints);
        Assert.Equal(xs.Length, ys.Length);
        Assert.All(ys, y => Assert.InRange(y, 160, 190));
    }
}
