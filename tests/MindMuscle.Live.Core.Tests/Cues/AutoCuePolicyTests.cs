using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Core.Tests.Cues;

public sealed class AutoCuePolicyTests
{
    private const long T0 = 1_764_000_000_000;

    [Fact]
    public void OnAlert_Off_ReturnsNone()
    {
        var sut = CreateSut(AutoCueMode.Off);

        Assert.Equal(AutoCueAction.None, sut.OnAlert(Alert(AlertKind.CadenceDrop), T0).Action);
    }

    [Fact]
    public void OnAlert_Suggest_OffersACatalogCueEveryTime()
    {
        var sut = CreateSut(AutoCueMode.Suggest);

        var first = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0);
        var second = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0 + 1_000);

        Assert.Equal(AutoCueAction.Suggest, first.Action);
        Assert.Equal(AutoCueAction.Suggest, second.Action);
        Assert.NotEqual(first.Text, second.Text);
        Assert.True(CueCatalog.Shared.TryResolve(first.CueId, out var text));
        Assert.Equal(first.Text, text);
    }

    [Fact]
    public void OnAlert_AutoTwiceInsideGap_SendsOnlyTheFirst()
    {
        var sut = CreateSut(AutoCueMode.Auto);

        var first = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0);
        var inside = sut.OnAlert(Alert(AlertKind.Imbalance, "left"), T0 + 59_999);
        var after = sut.OnAlert(Alert(AlertKind.Imbalance, "left"), T0 + 60_000);

        Assert.Equal(AutoCueAction.Send, first.Action);
        Assert.Equal(CueSource.Auto, first.Source);
        Assert.Equal(AutoCueAction.None, inside.Action);
        Assert.Equal(AutoCueAction.Send, after.Action);
        Assert.Contains("left", after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void OnAlert_AutoOtherRunner_NotLimitedByFirstRunnersGap()
    {
        var sut = CreateSut(AutoCueMode.Auto);

        sut.OnAlert(Alert(AlertKind.CadenceDrop, runner: "a"), T0);
        var other = sut.OnAlert(Alert(AlertKind.CadenceDrop, runner: "b"), T0 + 1);

        Assert.Equal(AutoCueAction.Send, other.Action);
    }

    [Theory]
    [InlineData(AlertKind.SensorLost)]
    [InlineData(AlertKind.LowBattery)]
    [InlineData(AlertKind.ContactLost)]
    public void OnAlert_CoachOnlyKind_NeverSpoken(AlertKind kind)
    {
        var sut = CreateSut(AutoCueMode.Auto);

        Assert.Equal(AutoCueAction.None, sut.OnAlert(Alert(kind), T0).Action);
    }

    [Fact]
    public void OnAlert_DuringCoachCue_HoldsUntilSpokenPlusQuietTime()
    {
        var sut = CreateSut(AutoCueMode.Auto);
        sut.NoteCoachCue("r", "c1", "Tall hips", T0, T0 + 30_000);

        var during = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0 + 5_000);
        sut.NoteCueStatus("r", "c1", CueStatus.Spoken, T0 + 6_000);
        var justAfter = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0 + 6_000 + 19_999);
        var later = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0 + 6_000 + 20_000);

        Assert.Equal(AutoCueAction.None, during.Action);
        Assert.Equal(AutoCueAction.None, justAfter.Action);
        Assert.Equal(AutoCueAction.Send, later.Action);
    }

    [Fact]
    public void OnAlert_GroupCoachCue_HoldsEveryRunner()
    {
        var sut = CreateSut(AutoCueMode.Auto);
        sut.NoteCoachCue(null, "g1", "Relax your shoulders", T0, T0 + 10_000);

        var held = sut.OnAlert(Alert(AlertKind.HrDrift, runner: "x"), T0 + 29_999);
        var free = sut.OnAlert(Alert(AlertKind.HrDrift, runner: "x"), T0 + 30_000);

        Assert.Equal(AutoCueAction.None, held.Action);
        Assert.Equal(AutoCueAction.Send, free.Action);
    }

    [Fact]
    public void OnAlert_AfterCoachSaidTheFirstCue_AutoPicksAnotherSentence()
    {
        var sut = CreateSut(AutoCueMode.Auto);
        var first = CueCatalog.Shared.ForKind(AlertKind.CadenceDrop)[0].Template;
        sut.NoteCoachCue("r", "c1", first, T0, T0);

        var decision = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0 + 60_000);

        Assert.Equal(AutoCueAction.Send, decision.Action);
        Assert.NotEqual(first, decision.Text);
    }

    [Fact]
    public void CheckIn_Auto_DueEveryIntervalAndRespectsGap()
    {
        var sut = CreateSut(AutoCueMode.Auto, new AutoCueOptions { CheckInIntervalSeconds = 120, GapSeconds = 60 });

        var first = sut.CheckIn("r", T0);
        var early = sut.CheckIn("r", T0 + 119_999);
        var due = sut.CheckIn("r", T0 + 120_000);
        var alert = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0 + 150_000);
        var next = sut.CheckIn("r", T0 + 240_000);

        Assert.Equal(AutoCueAction.None, first.Action);
        Assert.Equal(AutoCueAction.None, early.Action);
        Assert.Equal(AutoCueAction.Send, due.Action);
        Assert.Equal(CueSource.CheckIn, due.Source);
        Assert.StartsWith("checkIn.", due.CueId, StringComparison.Ordinal);
        Assert.Equal(AutoCueAction.None, alert.Action);
        Assert.Equal(AutoCueAction.Send, next.Action);
        Assert.NotEqual(due.Text, next.Text);
    }

    [Fact]
    public void CheckIn_SuggestMode_Never()
    {
        var sut = CreateSut(AutoCueMode.Suggest, new AutoCueOptions { CheckInIntervalSeconds = 1 });
        sut.CheckIn("r", T0);

        Assert.Equal(AutoCueAction.None, sut.CheckIn("r", T0 + 10_000).Action);
    }

    [Fact]
    public void SetMode_OffToAutoToSuggestToOff_EachAlertFollowsTheModeOfItsMoment()
    {
        var sut = CreateSut(AutoCueMode.Off);

        var off = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0);
        sut.SetMode(AutoCueMode.Auto);
        var auto = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0 + 2);
        sut.SetMode(AutoCueMode.Suggest);
        var suggest = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0 + 4);
        sut.SetMode(AutoCueMode.Off);
        var offAgain = sut.OnAlert(Alert(AlertKind.CadenceDrop), T0 + 6);

        Assert.Equal(AutoCueAction.None, off.Action);
        Assert.Equal(AutoCueAction.Send, auto.Action);
        Assert.Equal(AutoCueAction.Suggest, suggest.Action);
        Assert.Equal(AutoCueAction.None, offAgain.Action);
        Assert.Equal(AutoCueMode.Off, sut.Mode);
    }

    [Fact]
    public void SetMode_BackToAuto_RestartsTheCheckInInterval()
    {
        var sut = CreateSut(AutoCueMode.Auto, new AutoCueOptions { CheckInIntervalSeconds = 120 });
        sut.CheckIn("r", T0);
        sut.SetMode(AutoCueMode.Off);
        sut.SetMode(AutoCueMode.Auto);

        var justAfterSwitch = sut.CheckIn("r", T0 + 200_000);
        var early = sut.CheckIn("r", T0 + 319_999);
        var intervalLater = sut.CheckIn("r", T0 + 320_000);

        Assert.Equal(AutoCueAction.None, justAfterSwitch.Action);
        Assert.Equal(AutoCueAction.None, early.Action);
        Assert.Equal(AutoCueAction.Send, intervalLater.Action);
    }

    [Fact]
    public async Task SetMode_WhileAlertsRaceOnOtherThreads_NeverSendsOutsideAuto()
    {
        var sut = CreateSut(AutoCueMode.Suggest, new AutoCueOptions { GapSeconds = 0, CoachQuietSeconds = 0 });
        var sent = 0;
        using var stop = new CancellationTokenSource();
        var alerts = Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                if (sut.OnAlert(Alert(AlertKind.CadenceDrop, runner: "r" + (i++ % 8)), T0 + i).Action == AutoCueAction.Send)
                {
                    Interlocked.Increment(ref sent);
                }
            }
        }, TestContext.Current.CancellationToken);

        for (var i = 0; i < 20_000; i++)
        {
            sut.SetMode(i % 2 == 0 ? AutoCueMode.Off : AutoCueMode.Suggest);
        }

        await stop.CancelAsync();
        await alerts;

        Assert.Equal(0, Volatile.Read(ref sent));
    }

    private static FormAlert Alert(AlertKind kind, string? side = null, string runner = "r") =>
        new() { Kind = kind, RunnerId = runner, Side = side, AlertId = "a" };

    private static AutoCuePolicy CreateSut(AutoCueMode mode, AutoCueOptions? options = null) =>
        new(mode, CueCatalog.CreateDefault(), options);
}
