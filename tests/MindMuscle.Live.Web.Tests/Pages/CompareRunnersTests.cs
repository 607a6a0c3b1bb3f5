using MindMuscle.Live.Web.Pages;

namespace MindMuscle.Live.Web.Tests.Pages;

public sealed class CompareRunnersTests : ReviewPageContext
{
    public CompareRunnersTests() => ReviewSessionAnswers.Recorded(Hub);

    [Fact]
    public void GroupShare_AlignsRepsByNumberAcrossRunners_AndMarksTheFastest()
    {
        OpenShareLink(null);

        var cut = Render<CompareRunners>(p => p.Add(c => c.SessionId, "s1"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-rep-row]").Count));
        Assert.Equal(["Ana", "Ben"], cut.FindAll("thead [data-rep-runner]").Select(h => h.TextContent));
        // Rep 1: Ben has none (a dash in his column); rep 2 of both in one row, Ben's the faster.
        var rep1 = cut.Find("[data-rep-row='1']");
        Assert.Equal("3:20/km ★", rep1.QuerySelector("[data-rep-cell=r1] [data-rep-field=pace]")!.TextContent);
        Assert.Null(rep1.QuerySelector("[data-rep-cell=r2] [data-rep-field=pace]"));
        var rep2 = cut.Find("[data-rep-row='2']");
        Assert.Equal("true", rep2.QuerySelector("[data-rep-cell=r2]")!.GetAttribute("data-best"));
        Assert.Null(rep2.QuerySelector("[data-rep-cell=r1]")!.GetAttribute("data-best"));
        Assert.Equal("♥ 168", rep2.QuerySelector("[data-rep-cell=r2] [data-rep-field=hr]")!.TextContent);
        // Both runners charted side by side.
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-chart-panel]").Count));
    }

    [Fact]
    public void UntickingARunner_DropsTheirColumnAndChart()
    {
        OpenShareLink(null);
        var cut = Render<CompareRunners>(p => p.Add(c => c.SessionId, "s1"));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-rep-row]").Count));

        cut.Find("[data-compare-runner=r2]").Change(false);

        cut.WaitForAssertion(() => Assert.Equal(["Ana"], cut.FindAll("thead [data-rep-runner]").Select(h => h.TextContent)));
        Assert.NotNull(cut.Find("[data-compare-hint]"));
    }

    [Fact]
    public void ScopedShare_SaysThereIsNobodyToCompareWith()
    {
        OpenShareLink("r1");

        var cut = Render<CompareRunners>(p => p.Add(c => c.SessionId, "s1"));

        cut.WaitForAssertion(() => Assert.Contains("one runner only", cut.Find("[data-review-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(Hub.Requests);
    }
}
