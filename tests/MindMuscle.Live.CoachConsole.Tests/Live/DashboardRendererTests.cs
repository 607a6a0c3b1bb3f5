using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.TestKit;
using Spectre.Console;
using Spectre.Console.Testing;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

public sealed class DashboardRendererTests
{
    private const int Width = 120;
    private const int Height = 40;

    [Fact]
    public void Render_60RunnersAt120x40_EveryLineFitsAndNothingWraps()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time);

        var lines = RenderPlain(model, new DashboardUi(), time);

        Assert.Equal(Height, lines.Count);
        Assert.All(lines, l => Assert.True(l.GetCellWidth() <= Width, $"{l.GetCellWidth()} cells: {l}"));
    }

    [Fact]
    public void Render_60Runners_DriftingRunnersListedFirstAndEveryoneReachable()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time);
        var ui = new DashboardUi();

        var lines = RenderPlain(model, ui, time);

        var firstRow = lines[3];
        var critical = new[] { 14, 28, 42, 56 }.Select(GroupScenario.Name);
        Assert.Contains(critical, name => firstRow.Contains(name + " ", StringComparison.Ordinal)); // critical alerts first
        Assert.Contains(lines, l => l.Contains("runners 1–", StringComparison.Ordinal) && l.Contains("of 60", StringComparison.Ordinal));

        ui.SelectedRunnerId = GroupScenario.RunnerId(60);
        var scrolled = RenderPlain(model, ui, time);
        Assert.Contains(scrolled, l => l.StartsWith("▶ 60", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_RunnerRow_ShowsMetricsPaceAndSparkline()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time, runners: 5);

        var lines = RenderPlain(model, new DashboardUi(), time);

        var row = Assert.Single(lines, l => l.Contains(GroupScenario.Name(2), StringComparison.Ordinal));
        Assert.Matches(@" [3-5]:[0-5][0-9] ", row); // pace min:ss per km
        Assert.Matches("[▁▂▃▄▅▆▇█]{8,}", row);
        Assert.Contains("live", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HeartRate_ColouredByZone()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time, runners: 6);
        var console = CreateConsole();

        console.Write(new DashboardRenderer(new HeartRateZones(190), time).Render(model, new DashboardUi(), Width, Height));

        // Runner 5: ~170 bpm = 89 % of 190 -> zone 4 (yellow); runner 6: ~120 bpm -> zone 2 (blue). ANSI 24-bit colours.
        var output = console.Output;
        Assert.Contains("\u001b[38;5;11m", output, StringComparison.Ordinal); // yellow
        Assert.Matches(@"\u001b\[[0-9;]*38;5;39m", output); // deepskyblue1
    }

    [Fact]
    public void Render_AlertFeedAndCueStatuses_Shown()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time);

        var text = string.Join('\n', RenderPlain(model, new DashboardUi(), time));

        Assert.Contains("Alerts, reps and marks, newest first", text, StringComparison.Ordinal);
        Assert.Contains("spoken ✓", text, StringComparison.Ordinal);
        Assert.Contains("delivered", text, StringComparison.Ordinal);
        Assert.Contains("expired", text, StringComparison.Ordinal);
        Assert.Contains("hub ● connected", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PickerAndHelpModes_StillFit()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time);
        var ui = new DashboardUi();
        var controller = new DashboardController(model, ui, SharedCueCatalog.Default, time);
        controller.Handle(Key('7'));

        controller.Handle(Key('c'));
        var picker = RenderPlain(model, ui, time);
        controller.Handle(new ConsoleKeyInfo('\u001b', ConsoleKey.Escape, false, false, false));
        controller.Handle(Key('?'));
        var help = RenderPlain(model, ui, time);

        Assert.Contains(picker, l => l.Contains("suggested", StringComparison.Ordinal));
        Assert.Contains(help, l => l.Contains("Keys", StringComparison.Ordinal));
        Assert.All(picker.Concat(help), l => Assert.True(l.GetCellWidth() <= Width, l));
        Assert.Equal(Height, picker.Count);
        Assert.Equal(Height, help.Count);
    }

    /// <summary>Writes docs/screenshots/live-console.txt when MML_WRITE_SCREENSHOTS=1 (a text capture of the dashboard).</summary>
    [Fact]
    public void Render_60Runners_WritesScreenshotWhenAsked()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time);
        var ui = new DashboardUi { SelectedRunnerId = GroupScenario.RunnerId(7) };

        var lines = RenderPlain(model, ui, time);

        Assert.Equal(Height, lines.Count);
        if (Environment.GetEnvironmentVariable("MML_WRITE_SCREENSHOTS") == "1")
        {
            var path = Path.Combine(RepoPaths.Root, "docs", "screenshots", "live-console.txt");
            File.WriteAllLines(path, lines.Select(l => l.TrimEnd()));
        }
    }

    internal static List<string> RenderPlain(LiveViewModel model, DashboardUi ui, TimeProvider time)
    {
        var console = new TestConsole().Width(Width);
        console.Profile.Height = Height;
        console.Write(new DashboardRenderer(new HeartRateZones(190), time).Render(model, ui, Width, Height));
        return [.. console.Lines];
    }

    private static TestConsole CreateConsole()
    {
        var console = new TestConsole().Width(Width);
        console.Profile.Height = Height;
        console.Profile.Capabilities.Ansi = true;
        console.Profile.Capabilities.ColorSystem = ColorSystem.EightBit;
        console.EmitAnsiSequences = true;
        return console;
    }

    private static ConsoleKeyInfo Key(char c) => new(c, ConsoleKey.NoName, false, false, false);
}
