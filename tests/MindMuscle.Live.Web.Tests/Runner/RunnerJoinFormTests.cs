using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Web.Runner;

namespace MindMuscle.Live.Web.Tests.Runner;

public sealed class RunnerJoinFormTests : BunitContext
{
    private readonly FakeCompanion _companion = new();

    public RunnerJoinFormTests() => Services.AddSingleton<IRunnerCompanion>(_companion);

    [Fact]
    public void Join_WithAName_JoinsWithTheCodeAndRaisesJoined()
    {
        var joined = false;
        var form = Render<RunnerJoinForm>(p => p.Add(c => c.Code, "ABCD2345").Add(c => c.OnJoined, () => joined = true));

        form.Find("[name=runnerName]").Input("Ana");
        form.Find("[data-action=join]").Click();

        Assert.Equal([("ABCD2345", "Ana")], _companion.Joins);
        Assert.True(joined);
        Assert.Empty(form.FindAll("[data-join-error]"));
    }

    [Fact]
    public void Join_NoName_SaysWhatToDoAndDoesNotJoin()
    {
        var form = Render<RunnerJoinForm>(p => p.Add(c => c.Code, "ABCD2345"));

        form.Find("[data-action=join]").Click();

        Assert.Empty(_companion.Joins);
        Assert.Contains("Type your name", form.Find("[data-join-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", form.Find("[name=runnerName]").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void Join_HubRefuses_ShowsTheHubsSentenceAndStaysOnTheForm()
    {
        _companion.JoinAnswer = "No running session has this joinCode; check the code with your coach";
        var joined = false;
        var form = Render<RunnerJoinForm>(p => p.Add(c => c.Code, "ZZZZ9999").Add(c => c.OnJoined, () => joined = true));

        form.Find("[name=runnerName]").Input("Ana");
        form.Find("[data-action=join]").Click();

        Assert.False(joined);
        Assert.Equal(_companion.JoinAnswer, form.Find("[data-join-error]").TextContent);
    }

    [Fact]
    public void Render_SaysWhichBrowsersCanReadSensors()
    {
        var form = Render<RunnerJoinForm>(p => p.Add(c => c.Code, "ABCD2345"));

        var note = form.Find("[data-browser-note]").TextContent;

        Assert.Contains("Chrome on Android", note, StringComparison.Ordinal);
        Assert.Contains("iPhone", note, StringComparison.Ordinal);
    }
}
