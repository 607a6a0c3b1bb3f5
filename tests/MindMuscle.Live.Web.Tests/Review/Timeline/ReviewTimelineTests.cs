using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Web.Review.Timeline;

namespace MindMuscle.Live.Web.Tests.Review.Timeline;

/// <summary>The timeline on its own: speeds, the scrubber's range, jump targets placed on the track.</summary>
public sealed class ReviewTimelineTests : BunitContext
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Render_SpeedsOneToThirtyTwo_ChoosingOneRaisesIt()
    {
        using var playback = CreatePlayback();
        var chosen = 0;
        var timeline = Render<ReviewTimeline>(p => p.Add(x => x.Playback, playback).Add(x => x.OnSpeed, s => chosen = s));

        timeline.Find("[data-timeline-speed]").Change("16");

        Assert.Equal(["1", "2", "4", "8", "16", "32"], timeline.FindAll("[data-timeline-speed] option").Select(o => o.GetAttribute("value")));
        Assert.Equal(16, chosen);
    }

    [Fact]
    public void Render_JumpTargets_PlacedAlongTheTrackAndEachSeeksToItsInstant()
    {
        using var playback = CreatePlayback();
        var sought = new List<long>();
        JumpTarget[] targets =
        [
            new(JumpKind.Alert, 1_000 + 25_000, "Alert: Cadence drop, Ana", "warning"),
            new(JumpKind.Marker, 1_000 + 75_000, "Marker: Note", "note"),
        ];
        var timeline = Render<ReviewTimeline>(p => p.Add(x => x.Playback, playback).Add(x => x.Targets, targets).Add(x => x.OnSeek, at => sought.Add(at)));

        timeline.Find("[data-jump-kind=alert]").Click();
        timeline.Find("[data-jump-kind=marker]").Click();

        var scrub = timeline.Find("[data-timeline-scrub]");
        Assert.Equal(("0", "100000", "250"), (scrub.GetAttribute("min"), scrub.GetAttribute("max"), scrub.GetAttribute("step")));
        Assert.Equal(["left: 25%", "left: 75%"], timeline.FindAll("[data-jump-kind]").Select(j => j.GetAttribute("style")));
        Assert.Equal([26_000L, 76_000L], sought);
        Assert.Contains("at 0:25", timeline.Find("[data-jump-kind=alert]").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void Playback_PlayToTheEnd_StopsThereAndPlayAgainStartsOver()
    {
        using var playback = CreatePlayback();
        playback.SetSpeed(32);
        playback.Seek(90_000);

        playback.Play();
        _time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.False(playback.Playing);
        Assert.Equal(101_000, playback.Position);
        playback.Play();
        Assert.Equal(1_000, playback.Position);
        Assert.Throws<ArgumentOutOfRangeException>(() => playback.SetSpeed(3));
    }

    private ReviewPlayback CreatePlayback()
    {
        var playback = new ReviewPlayback(_time);
        playback.SetRange(1_000, 101_000);
        playback.Seek(1_000);
        return playback;
    }
}
