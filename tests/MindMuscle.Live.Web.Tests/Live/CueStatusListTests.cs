using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class CueStatusListTests : LiveTestContext
{
    [Theory]
    [InlineData(CueStatus.Sent, CueStatus.Delivered, CueStatus.Spoken)]
    [InlineData(CueStatus.Sent, CueStatus.Expired)]
    [InlineData(CueStatus.Sent, CueStatus.Delivered, CueStatus.Dropped)]
    public async Task ApplyCue_EachStatusTheHubReports_TheChipShowsItsWord(params CueStatus[] statuses)
    {
        await StartSessionAsync("Ana");
        var list = RenderLive<CueStatusList>();
        var cue = new CueUpdate { CueId = "c1", RunnerId = "r1", Text = "Quick feet", IssuedAt = T0 };

        foreach (var status in statuses)
        {
            await ApplyAsync(s => s.ApplyCue(cue with { Status = status, At = T0 + (int)status }));

            var chip = list.Find("[data-cue-id=c1] [data-cue-status]");
            Assert.Equal(LiveWords.Of(status), chip.GetAttribute("data-cue-status"));
            Assert.Equal(LiveWords.Of(status), chip.TextContent.Trim());
        }

        Assert.Single(list.FindAll("[data-cue-id]"));
    }

    [Fact]
    public async Task ApplyCue_AGroupCue_ListsOneChipPerRunnerNewestFirst()
    {
        await StartSessionAsync("Ana", "Ben");
        var list = RenderLive<CueStatusList>();

        await ApplyAsync(s =>
        {
            s.ApplyCue(new CueUpdate { CueId = "c1", RunnerId = "r1", Text = "Breathe", IssuedAt = T0, Status = CueStatus.Sent });
            s.ApplyCue(new CueUpdate { CueId = "c2", RunnerId = "r2", Text = "Breathe", IssuedAt = T0, Status = CueStatus.Sent });
        });

        Assert.Equal(["c2", "c1"], list.FindAll("[data-cue-id]").Select(e => e.GetAttribute("data-cue-id")));
        Assert.Contains("Ben", list.Find("[data-cue-id=c2]").TextContent, StringComparison.Ordinal);
    }
}
