using System.Threading.Channels;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Cues;
using NSubstitute;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

public sealed class JsonLinesModeTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_EventsAndCommands_LinesOutAndCuesSent()
    {
        var ct = TestContext.Current.CancellationToken;
        var cues = Substitute.For<ICueSender>();
        cues.SendCueAsync(Arg.Any<CueRequest>(), Arg.Any<CancellationToken>()).Returns(["c1"]);
        var stdin = new ChannelTextReader();
        var stdout = new ChannelTextWriter();
        var events = Channel.CreateUnbounded<LiveEvent>();
        using var sut = new JsonLinesMode(stdin, stdout, cues);
        var run = sut.RunAsync(events.Reader, ct);

        events.Writer.TryWrite(new AlertRaised(GroupScenario.Alert(7, 1000)));
        var alert = await stdout.WaitForAsync(l => l.StartsWith("{\"alert\"", StringComparison.Ordinal), Step, ct);
        stdin.WriteLine("""{"cue": {"runnerId": null, "cueId": "quick-feet"}}""");
        var sent = await stdout.WaitForAsync(l => l.StartsWith("{\"cueSent\"", StringComparison.Ordinal), Step, ct);
        stdin.WriteLine("not json");
        stdin.WriteLine("""{"cue": {"runnerId": "r1"}}""");
        var error1 = await stdout.WaitForAsync(l => l.StartsWith("{\"error\"", StringComparison.Ordinal), Step, ct);
        var error2 = await stdout.WaitForAsync(l => l.StartsWith("{\"error\"", StringComparison.Ordinal), Step, ct);
        stdin.WriteLine("""{"quit": {}}""");
        await run.WaitAsync(Step, ct);

        Assert.Contains("\"kind\":\"cadenceDrop\"", alert, StringComparison.Ordinal);
        Assert.Contains("\"cueIds\":[\"c1\"]", sent, StringComparison.Ordinal);
        await cues.Received(1).SendCueAsync(Arg.Is<CueRequest>(r => r.RunnerId == null && r.CueId == "quick-feet"), Arg.Any<CancellationToken>());
        Assert.Contains("\"line\":2", error1, StringComparison.Ordinal);
        Assert.Contains("text", error2, StringComparison.Ordinal);
        Assert.Equal(2, sut.CommandErrors);
    }

    [Fact]
    public async Task RunAsync_HubRefusesCue_ErrorLineAndFeedGoesOn()
    {
        var ct = TestContext.Current.CancellationToken;
        var cues = Substitute.For<ICueSender>();
        cues.SendCueAsync(Arg.Any<CueRequest>(), Arg.Any<CancellationToken>())
            .Returns<Task<IReadOnlyList<string>>>(_ => throw new Microsoft.AspNetCore.SignalR.HubException("runnerId 'x' is not a runner of this session"));
        var stdin = new ChannelTextReader();
        var stdout = new ChannelTextWriter();
        var events = Channel.CreateUnbounded<LiveEvent>();
        using var sut = new JsonLinesMode(stdin, stdout, cues);
        var run = sut.RunAsync(events.Reader, ct);

        stdin.WriteLine("""{"cue": {"runnerId": "x", "text": "Hips up"}}""");
        var error = await stdout.WaitForAsync(l => l.StartsWith("{\"error\"", StringComparison.Ordinal), Step, ct);
        events.Writer.TryWrite(new CueUpdated(GroupScenario.Cue("c9", 1, CueStatus.Delivered, 5)));
        var update = await stdout.WaitForAsync(l => l.StartsWith("{\"cueUpdate\"", StringComparison.Ordinal), Step, ct);
        events.Writer.TryComplete();
        await run.WaitAsync(Step, ct);

        Assert.Contains("not a runner", error, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"delivered\"", update, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"dance": {}}""")]
    [InlineData("""{"cue": {"text": "x", "ttlSeconds": -1}}""")]
    [InlineData("""{"cue": {"text": 5}}""")]
    public void ParseCommand_BadInput_ErrorNotException(string line)
    {
        var (request, quit, error) = JsonLinesMode.ParseCommand(line);

        Assert.Null(request);
        Assert.False(quit);
        Assert.NotNull(error);
    }

    [Fact]
    public void ParseCommand_TooLongText_Refused()
    {
        var (request, _, error) = JsonLinesMode.ParseCommand($$$"""{"cue": {"text": "{{{new string('a', JsonLinesMode.MaxCueText + 1)}}}"}}""");

        Assert.Null(request);
        Assert.Contains("longer", error, StringComparison.Ordinal);
    }
}
