using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Web.Pages;
using MindMuscle.Live.Web.Runner;

namespace MindMuscle.Live.Web.Tests.Runner;

public sealed class JoinPageTests : BunitContext
{
    private readonly FakeCompanion _companion = new();

    public JoinPageTests() => Services.AddSingleton<IRunnerCompanion>(_companion);

    [Fact]
    public void Render_NeverJoinedHere_AsksTheNameAndKeepsTheRelayAsSecondOption()
    {
        var page = Render<Join>(p => p.Add(c => c.Code, "ABCD2345"));

        Assert.NotNull(page.Find("[name=runnerName]"));
        Assert.NotNull(page.Find("[data-command=run]"));
        Assert.Empty(page.FindAll("[data-runner-screen]"));
        Assert.Empty(_companion.Joins);
    }

    [Fact]
    public void Render_JoinedBeforeWithThisCode_RejoinsAsTheSameRunnerWithoutAsking()
    {
        _companion.Stored = new RunnerIdentity { JoinCode = "ABCD2345", Name = "Ana", RunnerId = "r-1", RejoinSecret = "s", SessionId = "s1" };

        var page = Render<Join>(p => p.Add(c => c.Code, "ABCD2345"));

        Assert.Equal([("ABCD2345", "Ana")], _companion.Joins);
        Assert.NotNull(page.Find("[data-runner-screen]"));
        Assert.Empty(page.FindAll("[name=runnerName]"));
    }

    [Fact]
    public void Render_StoredRejoinFails_ShowsWhyOnTheFormWithTheNameReadyToRetry()
    {
        _companion.Stored = new RunnerIdentity { JoinCode = "ABCD2345", Name = "Ana", RunnerId = "r-1", RejoinSecret = "s", SessionId = "s1" };
        _companion.JoinAnswer = "Joining did not finish (IndexedDB is blocked). Check that this browser may store data for this page, then tap Join again.";

        var page = Render<Join>(p => p.Add(c => c.Code, "ABCD2345"));

        Assert.Empty(page.FindAll("[data-runner-screen]"));
        Assert.Equal(_companion.JoinAnswer, page.Find("[data-join-error]").TextContent);
        Assert.Equal("Ana", page.Find("[name=runnerName]").GetAttribute("value"));

        _companion.JoinAnswer = null;
        page.Find("[data-action=join]").Click();

        Assert.Equal(2, _companion.Joins.Count);
        Assert.NotNull(page.Find("[data-runner-screen]"));
    }

    [Fact]
    public void Join_Tapped_ShowsTheRunnerScreen()
    {
        var page = Render<Join>(p => p.Add(c => c.Code, "ABCD2345"));

        page.Find("[name=runnerName]").Input("Ana");
        page.Find("[data-action=join]").Click();

        Assert.NotNull(page.Find("[data-runner-screen]"));
        Assert.NotNull(page.Find("[data-action=connect-sensors]"));
    }
}
