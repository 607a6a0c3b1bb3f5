using System.Threading.Channels;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Track;
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

    [Fact]
    public async Task RunAsync_RepsLapsMarkersAndMarkerCommand_LinesOutAndMarkerAdded()
    {
        var ct = TestContext.Current.CancellationToken;
        var markers = Substitute.For<IMarkerSender>();
        markers.AddMarkerAsync(Arg.Any<MarkerRequest>(), Arg.Any<CancellationToken>())
            .Returns(call => new SessionMarker { MarkerId = 7, SessionId = "s-1", Kind = call.Arg<MarkerRequest>().Kind, At = 1_764_000_000_000 });
        var stdin = new ChannelTextReader();
        var stdout = new ChannelTextWriter();
        var events = Channel.CreateUnbounded<LiveEvent>();
        using var sut = new JsonLinesMode(stdin, stdout, Substitute.For<ICueSender>(), markers);
        var run = sut.RunAsync(events.Reader, ct);

        events.Writer.TryWrite(new RepReceived(TrackBoardTests.Completed(2, 3)));
        var rep = await stdout.WaitForAsync(l => l.StartsWith("{\"rep\"", StringComparison.Ordinal), Step, ct);
        events.Writer.TryWrite(new LapReceived(new LapCompleted { SessionId = "s-1", RunnerId = "r02", Lap = new Lap { Number = 5, DurationS = 72.5 } }));
        var lap = await stdout.WaitForAsync(l => l.StartsWith("{\"lap\"", StringComparison.Ordinal), Step, ct);
        events.Writer.TryWrite(new MarkerReceived(new SessionMarker { MarkerId = 3, Kind = MarkerKind.RepEnd, RunnerId = "r02", At = 5 }));
        var marker = await stdout.WaitForAsync(l => l.StartsWith("{\"marker\"", StringComparison.Ordinal), Step, ct);
        stdin.WriteLine("""{"marker": {"kind": "lap", "runnerId": ""}}""");
        var sent = await stdout.WaitForAsync(l => l.StartsWith("{\"markerSent\"", StringComparison.Ordinal), Step, ct);
        stdin.WriteLine("""{"marker": {"kind": "sprint"}}""");
        var error = await stdout.WaitForAsync(l => l.StartsWith("{\"error\"", StringComparison.Ordinal), Step, ct);
        stdin.WriteLine("""{"quit": {}}""");
        await run.WaitAsync(Step, ct);

        using var repJson = System.Text.Json.JsonDocument.Parse(rep);
        var body = repJson.RootElement.GetProperty("rep");
        Assert.Equal("r02", body.GetProperty("runnerId").GetString());
        Assert.Equal(3, body.GetProperty("rep").GetProperty("rep").GetInt32());
        Assert.Equal(800, body.GetProperty("rep").GetProperty("distanceM").GetDouble());
        Assert.Contains("\"durationS\":72.5", lap, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"repEnd\"", marker, StringComparison.Ordinal);
        Assert.Contains("\"markerId\":7", sent, StringComparison.Ordinal);
        Assert.Contains("\"line\":1", sent, StringComparison.Ordinal);
        await markers.Received(1).AddMarkerAsync(new MarkerRequest { Kind = MarkerKind.Lap, RunnerId = null }, Arg.Any<CancellationToken>());
        Assert.Contains("\"line\":2", error, StringComparison.Ordinal);
        Assert.Equal(1, sut.CommandErrors);
    }

    [Theory]
    [InlineData("""{"marker": 3}""")]
    [InlineData("""{"marker": {}}""")]
    [InlineData("""{"marker": {"kind": "lap", "at": -5}}""")]
    [InlineData("""{"marker": {"kind": "note", "text": 12}}""")]
    public void ParseMarkerCommand_BadInput_ErrorNotException(string line)
    {
        var parsed = JsonLinesMode.ParseMarkerCommand(line);

        Assert.NotNull(parsed);
        Assert.Null(parsed.Value.Request);
        Assert.NotNull(parsed.Value.Error);
    }

    [Fact]
    public void ParseMarkerCommand_CueLine_LeftToParseCommand()
    {
        Assert.Null(JsonLinesMode.ParseMarkerCommand("""{"cue": {"text": "Hips up"}}"""));
        Assert.Null(JsonLinesMode.ParseMarkerCommand("not json"));
    }
}
