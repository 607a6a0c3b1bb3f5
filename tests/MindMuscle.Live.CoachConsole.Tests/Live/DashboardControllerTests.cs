using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.CoachConsole.Live;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

public sealed class DashboardControllerTests
{
    private readonly FakeTimeProvider _time = GroupScenario.Clock();
    private readonly DashboardUi _ui = new();

    [Fact]
    public void Handle_TwoDigitsQuickly_SelectsRunnerTwelve()
    {
        var sut = CreateSut(out _);

        sut.Handle(Char('1'));
        sut.Handle(Char('2'));

        Assert.Equal(GroupScenario.RunnerId(12), _ui.SelectedRunnerId);
    }

    [Fact]
    public void Handle_DigitsSlowly_EachSelectsOnItsOwn()
    {
        var sut = CreateSut(out _);

        sut.Handle(Char('1'));
        _time.Advance(TimeSpan.FromSeconds(2));
        sut.Handle(Char('2'));

        Assert.Equal(GroupScenario.RunnerId(2), _ui.SelectedRunnerId);
    }

    [Fact]
    public void Handle_CThenEnter_SendsSuggestedCueFirstToSelectedRunner()
    {
        var sut = CreateSut(out var model);
        sut.Handle(Char('7'));

        sut.Handle(Char('c'));
        var action = sut.Handle(Key(ConsoleKey.Enter));

        var send = Assert.IsType<SendCueAction>(action);
        Assert.Equal(GroupScenario.RunnerId(7), send.Request.RunnerId);
        Assert.Equal(model.Find(GroupScenario.RunnerId(7))!.OpenAlerts[0].SuggestedCue, send.Request.Text);
        Assert.True(_ui.Choices[0].Suggested);
    }

    [Fact]
    public void Handle_GThenNumber_CuesTheWholeGroup()
    {
        var sut = CreateSut(out _);

        sut.Handle(Char('g'));
        var action = sut.Handle(Char('2'));

        var send = Assert.IsType<SendCueAction>(action);
        Assert.Null(send.Request.RunnerId);
        Assert.Equal(SharedCueCatalog.Default.For(null)[1].Text, send.Request.Text);
    }

    [Fact]
    public void Handle_TypedCue_SentOnEnterEditedWithBackspace()
    {
        var sut = CreateSut(out _);
        sut.Handle(Char('3'));
        sut.Handle(Char('t'));

        foreach (var c in "Hips upx")
        {
            sut.Handle(Char(c));
        }

        sut.Handle(Key(ConsoleKey.Backspace));
        var action = sut.Handle(Key(ConsoleKey.Enter));

        var send = Assert.IsType<SendCueAction>(action);
        Assert.Equal("Hips up", send.Request.Text);
        Assert.Equal(GroupScenario.RunnerId(3), send.Request.RunnerId);
        Assert.Equal(DashboardMode.Normal, _ui.Mode);
    }

    [Fact]
    public void Handle_A_AcceptsNewestSuggestionOfSelectedRunner()
    {
        var sut = CreateSut(out var model);
        sut.Handle(Char('1'));
        sut.Handle(Char('4'));

        var action = sut.Handle(Char('a'));

        var send = Assert.IsType<SendCueAction>(action);
        Assert.Equal(GroupScenario.RunnerId(14), send.Request.RunnerId);
        Assert.Equal(model.Find(GroupScenario.RunnerId(14))!.OpenAlerts[0].SuggestedCue, send.Request.Text);
    }

    [Fact]
    public void Handle_MAndQ_CyclesMetricAndQuits()
    {
        var sut = CreateSut(out _);

        sut.Handle(Char('m'));
        var quit = sut.Handle(Char('q'));

        Assert.Equal(SparkMetric.HeartRate, _ui.Metric);
        Assert.IsType<QuitAction>(quit);
    }

    [Fact]
    public void Handle_ArrowsInReplay_SeekAndSpaceToggles()
    {
        var sut = CreateSut(out var model);
        model.Replay = new ReplayProgress();

        var seek = Assert.IsType<ReplayControlAction>(sut.Handle(Key(ConsoleKey.RightArrow)));
        var pause = Assert.IsType<ReplayControlAction>(sut.Handle(new ConsoleKeyInfo(' ', ConsoleKey.Spacebar, false, false, false)));

        Assert.Equal(TimeSpan.FromSeconds(30), seek.Seek);
        Assert.True(pause.TogglePause);
    }

    private DashboardController CreateSut(out LiveViewModel model)
    {
        model = GroupScenario.Build(_time, runners: 20, seconds: 5);
        return new DashboardController(model, _ui, SharedCueCatalog.Default, _time);
    }

    private static ConsoleKeyInfo Char(char c) => new(c, ConsoleKey.NoName, false, false, false);

    private static ConsoleKeyInfo Key(ConsoleKey key) => new('\0', key, false, false, false);
}
