using MindMuscle.Live.Bench.Load.Clients;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Bench.Tests.Clients;

/// <summary>
/// Cues go out from the warm-up on (so the hub's cue path is compiled before the window), but only cues sent inside the
/// window count in the figures. Times are given as ticks: a fixed clock, no waiting.
/// </summary>
public sealed class CueTrackerTests
{
    private const long WindowOpensAt = 1_000_000;
    private const long WindowClosesAt = 2_000_000;

    [Fact]
    public void WarmupCue_IsCountedApartAndNotInTheRoundTrip()
    {
        var (stats, cues) = Tracker();

        cues.Started("bench cue 0", WindowOpensAt - 500);
        cues.Update(Delivered("bench cue 0"), WindowOpensAt + 400); // answered after the window opened: still warm-up's

        Assert.Equal(1, cues.WarmupSent);
        Assert.Equal(1, cues.WarmupCompleted);
        Assert.Equal(0, cues.Sent);
        Assert.Equal(0, cues.Completed);
        Assert.Equal(0, stats.CueRoundTrip.Summary().Count);
    }

    [Fact]
    public void WindowCue_CountsInTheRoundTripEvenWhenAnsweredAfterTheWindow()
    {
        var (stats, cues) = Tracker();

        cues.Started("bench cue 7", WindowClosesAt - 10);
        cues.Update(new CueUpdate { CueId = "c7", RunnerId = "r", Text = "bench cue 7", Status = CueStatus.Sent }, WindowClosesAt - 5);
        cues.Update(Delivered("bench cue 7"), WindowClosesAt + 100);

        Assert.Equal(1, cues.Sent);
        Assert.Equal(1, cues.Completed);
        Assert.Equal(0, cues.WarmupSent);
        Assert.Equal(1, stats.CueRoundTrip.Summary().Count);
    }

    [Fact]
    public void CueAfterTheWindow_IsNeitherTheWindowsNorTheWarmups()
    {
        var (stats, cues) = Tracker();

        cues.Started("bench cue 9", WindowClosesAt + 10);
        cues.Update(Delivered("bench cue 9"), WindowClosesAt + 400);

        Assert.Equal(0, cues.WarmupSent);
        Assert.Equal(0, cues.WarmupCompleted);
        Assert.Equal(0, cues.Sent);
        Assert.Equal(0, cues.Completed);
        Assert.Equal(0, stats.CueRoundTrip.Summary().Count);
    }

    private static (RunStats Stats, CueTracker Cues) Tracker()
    {
        var stats = new RunStats();
        stats.OpenWindow(WindowOpensAt);
        stats.CloseWindow(WindowClosesAt);
        return (stats, new CueTracker(stats));
    }

    private static CueUpdate Delivered(string text) => new() { CueId = "c", RunnerId = "r", Text = text, Status = CueStatus.Delivered };
}
