using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

public sealed class SharedCueCatalogTests
{
    [Fact]
    public void For_ImbalanceLeft_RenderedForTheSideWithSidedIds()
    {
        var cues = SharedCueCatalog.Default.For(AlertKind.Imbalance, "left");

        Assert.NotEmpty(cues);
        Assert.Contains(cues, c => c.Text == "Squeeze the left glute as you push off" && c.CueId == "imbalance.1:left");
        Assert.All(cues, c => Assert.DoesNotContain("{side}", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void For_NoKind_CheckInsAsGeneralCues()
    {
        var cues = SharedCueCatalog.Default.For(null);

        Assert.NotEmpty(cues);
        Assert.All(cues, c => Assert.StartsWith("checkIn.", c.CueId, StringComparison.Ordinal));
    }

    [Fact]
    public void Handle_PickerWithSharedCatalog_SuggestionFirstThenKindCuesWithIds()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time, runners: 7, seconds: 3);
        var ui = new DashboardUi();
        var sut = new DashboardController(model, ui, SharedCueCatalog.Default, time);
        sut.Handle(new ConsoleKeyInfo('7', ConsoleKey.D7, false, false, false));

        sut.Handle(new ConsoleKeyInfo('c', ConsoleKey.C, false, false, false));
        var send = Assert.IsType<SendCueAction>(sut.Handle(new ConsoleKeyInfo('2', ConsoleKey.D2, false, false, false)));

        Assert.True(ui.Choices[0].Suggested);
        Assert.Equal("cadenceDrop.1", send.Request.CueId);
        Assert.Equal(ui.Choices[1].Text, send.Request.Text);
    }
}
