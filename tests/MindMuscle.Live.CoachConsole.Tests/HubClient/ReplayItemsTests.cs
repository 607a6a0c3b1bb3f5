using System.Text.Json;
using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

public sealed class ReplayItemsTests
{
    [Fact]
    public void Parse_HubSampleEvent_SamplesFrameForItsRunnerAndPosition()
    {
        using var item = JsonDocument.Parse("""{"kind":"sample","at":5000,"offsetMs":4000,"runnerId":"r1","sample":{"seq":3,"observedAt":5000,"cadenceSpm":178}}""");

        var events = ReplayItems.Parse(item.RootElement);

        var position = Assert.Single(events.OfType<ReplayPosition>());
        Assert.Equal(new ReplayPosition(5000, 4000), position);
        var frame = Assert.Single(events.OfType<SamplesReceived>()).Frame;
        Assert.Equal("r1", frame.Runners[0].RunnerId);
        Assert.Equal(178, frame.Runners[0].Samples[0].CadenceSpm);
    }

    [Fact]
    public void Parse_HubAlertAndClearedEvents_RaisedThenCleared()
    {
        using var raised = JsonDocument.Parse("""{"kind":"alert","at":1,"runnerId":"r1","alert":{"alertId":"a","kind":"cadenceDrop","runnerId":"r1","startedAt":1}}""");
        using var cleared = JsonDocument.Parse("""{"kind":"alertCleared","at":9,"runnerId":"r1","alert":{"alertId":"a","kind":"cadenceDrop","runnerId":"r1","startedAt":1,"clearedAt":9}}""");

        var first = ReplayItems.Parse(raised.RootElement);
        var second = ReplayItems.Parse(cleared.RootElement);

        Assert.Equal("a", Assert.Single(first.OfType<AlertRaised>()).Alert.AlertId);
        Assert.Equal(9, Assert.Single(second.OfType<AlertCleared>()).Alert.ClearedAt);
    }

    [Fact]
    public void Parse_HubMarkerEvent_MarkerReceivedAtItsTime()
    {
        using var item = JsonDocument.Parse("""{"kind":"marker","at":12000,"offsetMs":11000,"marker":{"markerId":4,"sessionId":"s","kind":"repStart","runnerId":"r1","at":12000}}""");

        var events = ReplayItems.Parse(item.RootElement);

        var marker = Assert.Single(events.OfType<MarkerReceived>()).Marker;
        Assert.Equal(MindMuscle.Live.Core.Contracts.MarkerKind.RepStart, marker.Kind);
        Assert.Equal(4, marker.MarkerId);
        Assert.Equal(new ReplayPosition(12000, 11000), Assert.Single(events.OfType<ReplayPosition>()));
    }

    [Fact]
    public void Parse_HubCueEvent_CueUpdate()
    {
        using var item = JsonDocument.Parse("""{"kind":"cue","at":7,"runnerId":"r1","cue":{"cueId":"c","runnerId":"r1","text":"Hips up","status":"spoken","issuedAt":7}}""");

        var cue = Assert.Single(ReplayItems.Parse(item.RootElement).OfType<CueUpdated>()).Cue;

        Assert.Equal("Hips up", cue.Text);
        Assert.Equal(Core.Cues.CueStatus.Spoken, cue.Status);
    }

    [Theory]
    [InlineData("""{"kind":"mystery","at":1}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"nothing":true}""")]
    public void Parse_UnknownItem_Skipped(string json)
    {
        using var item = JsonDocument.Parse(json);

        var events = ReplayItems.Parse(item.RootElement);

        Assert.DoesNotContain(events, e => e is SamplesReceived or AlertRaised or CueUpdated);
    }
}
