using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Hub.FanOut;

namespace MindMuscle.Live.Hub.Tests.FanOut;

public sealed class FramePacerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Wake_BeforeItsTime_NotCompletedUntilTheClockReachesIt()
    {
        using var sut = new FramePacer(_time);
        var wake = NewWake();

        sut.Wake(wake, TimeSpan.FromMilliseconds(5));
        _time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.False(wake.Task.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(wake.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public void Wake_SeveralParkedOutOfOrder_EachCompletedAtItsOwnTime()
    {
        using var sut = new FramePacer(_time);
        var late = NewWake();
        var early = NewWake();
        var middle = NewWake();

        sut.Wake(late, TimeSpan.FromMilliseconds(100));
        sut.Wake(early, TimeSpan.FromMilliseconds(5));
        sut.Wake(middle, TimeSpan.FromMilliseconds(50));

        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal([true, false, false], [early.Task.IsCompleted, middle.Task.IsCompleted, late.Task.IsCompleted]);
        _time.Advance(TimeSpan.FromMilliseconds(45));
        Assert.Equal([true, true, false], [early.Task.IsCompleted, middle.Task.IsCompleted, late.Task.IsCompleted]);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(late.Task.IsCompleted);
        Assert.Equal(0, sut.Parked);
    }

    [Fact]
    public void Wake_CompletedEarlyByTheCaller_LaterWakeStillWaitsForItsOwnTime()
    {
        using var sut = new FramePacer(_time);
        var first = NewWake();
        sut.Wake(first, TimeSpan.FromMilliseconds(5));
        first.TrySetResult();

        // A message ended the first park; the next park must not be woken by the first one's time.
        _time.Advance(TimeSpan.FromMilliseconds(2));
        var second = NewWake();
        sut.Wake(second, TimeSpan.FromMilliseconds(5));
        _time.Advance(TimeSpan.FromMilliseconds(3));
        Assert.False(second.Task.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(second.Task.IsCompletedSuccessfully);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.9)]
    public void Wake_UnderAMillisecond_CompletedAtOnceAsTaskDelayDid(double milliseconds)
    {
        using var sut = new FramePacer(_time);
        var wake = NewWake();

        sut.Wake(wake, TimeSpan.FromMilliseconds(milliseconds));

        Assert.True(wake.Task.IsCompletedSuccessfully);
        Assert.Equal(0, sut.Parked);
    }

    [Fact]
    public void Wake_PartOfAMillisecond_CountsWholeMillisecondsAsTaskDelayDid()
    {
        using var sut = new FramePacer(_time);
        var wake = NewWake();

        sut.Wake(wake, TimeSpan.FromMilliseconds(2.7));
        _time.Advance(TimeSpan.FromMilliseconds(1.9));
        Assert.False(wake.Task.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(0.1));
        Assert.True(wake.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Wake_OnTheSystemClock_AllCompleted()
    {
        using var sut = new FramePacer(TimeProvider.System);
        var wakes = Enumerable.Range(0, 20).Select(_ => NewWake()).ToArray();

        foreach (var (wake, i) in wakes.Select((w, i) => (w, i)))
        {
            sut.Wake(wake, TimeSpan.FromMilliseconds(1 + (i % 5)));
        }

        await Task.WhenAll(wakes.Select(w => w.Task)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(0, sut.Parked);
    }

    [Fact]
    public async Task Wake_ManyThreadsParkingWhileItFires_NoneLeftWithoutATimer()
    {
        // Parks race the timer's callback taking the arrivals: every wake must still complete.
        using var sut = new FramePacer(TimeProvider.System);
        var parkers = Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                var wake = NewWake();
                sut.Wake(wake, TimeSpan.FromMilliseconds(0.5 + ((p + i) % 3)));
                await wake.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken));

        await Task.WhenAll(parkers).WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
        Assert.Equal(0, sut.Parked);
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
