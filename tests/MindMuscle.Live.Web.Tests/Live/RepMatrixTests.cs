using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Track;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class RepMatrixTests : LiveTestContext
{
    [Fact]
    public async Task ApplyRep_ThreeReps_ShowsTimePaceGctPeakAndFadeAgainstTheFirstTwo()
    {
        await StartSessionAsync("Ana");
        var matrix = RenderLive<RepMatrix>();

        await ApplyAsync(s =>
        {
            s.ApplyRep(Rep(1, pace: 200));
            s.ApplyRep(Rep(2, pace: 200));
            s.ApplyRep(Rep(3, pace: 212));
        });

        var cell = matrix.Find("[data-rep-runner=r1] [data-rep='3']");
        Assert.Equal("2:40", cell.QuerySelector("[data-rep-field=time]")!.TextContent.Trim());
        Assert.Equal("3:32/km", cell.QuerySelector("[data-rep-field=pace]")!.TextContent.Trim());
        Assert.Equal("251 ms", cell.QuerySelector("[data-rep-field=gct]")!.TextContent.Trim());
        Assert.Contains("181", cell.QuerySelector("[data-rep-field=hrPeak]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("+6.0 %", cell.QuerySelector("[data-rep-field=fade]")!.TextContent.Trim());
        Assert.Contains("fading", cell.ClassList);
    }

    [Fact]
    public async Task ApplyRep_RecoveredLater_FillsTheSixtySecondDrop()
    {
        await StartSessionAsync("Ana");
        var matrix = RenderLive<RepMatrix>();
        await ApplyAsync(s => s.ApplyRep(Rep(1, pace: 200)));
        Assert.Contains(MetricFormat.Missing, matrix.Find("[data-rep-field=drop60]").TextContent, StringComparison.Ordinal);

        await ApplyAsync(s => s.ApplyRep(Rep(1, pace: 200) with { Recovered = true, Rep = Rep(1, 200).Rep with { HrDrop60Bpm = 38 } }));

        Assert.Contains("38", matrix.Find("[data-rep-field=drop60]").TextContent, StringComparison.Ordinal);
        Assert.Single(matrix.FindAll("[data-rep]"));
    }

    private static RepCompleted Rep(int number, double pace) => new()
    {
        SessionId = "s1",
        RunnerId = "r1",
        Rep = new Rep
        {
            Number = number, DistanceM = 800, DurationS = 160, PaceSecPerKm = pace, GroundContactMs = 251, PeakHeartRateBpm = 181,
            StartedAt = T0 + (number * 300_000), EndedAt = T0 + (number * 300_000) + 160_000,
        },
    };
}
