using System.Text.Json;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

/// <summary>The source-generated JSON reads the hub's wire shapes as the reflection serializer would.</summary>
public sealed class LiveJsonContextTests
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    [Fact]
    public void Deserialize_ASamplesFrame_ReadsEveryField()
    {
        const string json = """
            {"sessionId":"s1","dropped":2,"runners":[{"runnerId":"r1","samples":[
              {"seq":22,"observedAt":1796603755533,"cadenceSpm":189,"speedMps":4.74,"heartRateBpm":151,"gctBalanceLeftPct":50.26,
               "sensorContact":true,"batteryPct":81,"powerW":300,"backfilled":true}]}]}
            """;

        var frame = JsonSerializer.Deserialize<SamplesFrame>(json, Options)!;

        var sample = Assert.Single(Assert.Single(frame.Runners).Samples);
        Assert.Equal((2, "r1"), (frame.Dropped, frame.Runners[0].RunnerId));
        Assert.Equal((22L, 1796603755533L, 189.0, 4.74, 151), (sample.Seq, sample.ObservedAt, sample.CadenceSpm!.Value, sample.SpeedMps!.Value, sample.HeartRateBpm!.Value));
        Assert.Equal((true, 81, 300, true), (sample.SensorContact!.Value, sample.BatteryPct!.Value, sample.PowerW!.Value, sample.Backfilled));
    }

    [Fact]
    public void Deserialize_EnumsByTheirWireNames()
    {
        var alert = JsonSerializer.Deserialize<FormAlert>("""{"alertId":"a","kind":"imbalance","severity":"critical","runnerId":"r1","side":"left"}""", Options)!;
        var cue = JsonSerializer.Deserialize<CueUpdate>("""{"cueId":"c","runnerId":"r1","status":"spoken","source":"auto"}""", Options)!;
        var marker = JsonSerializer.Deserialize<SessionMarker>("""{"markerId":3,"kind":"repEnd","at":5}""", Options)!;

        Assert.Equal((AlertKind.Imbalance, AlertSeverity.Critical), (alert.Kind, alert.Severity));
        Assert.Equal((CueStatus.Spoken, CueSource.Auto), (cue.Status, cue.Source));
        Assert.Equal((3L, MarkerKind.RepEnd), (marker.MarkerId, marker.Kind));
    }

    [Fact]
    public void Serialize_AMarkerRequest_WritesWireNames()
    {
        var json = JsonSerializer.Serialize(new MarkerRequest { Kind = MarkerKind.RepStart, RunnerId = "r2" }, Options);

        Assert.Contains("\"kind\":\"repStart\"", json, StringComparison.Ordinal);
        Assert.Contains("\"runnerId\":\"r2\"", json, StringComparison.Ordinal);
    }

    /// <summary>As the hub connection configures them: SignalR's defaults with the context first.</summary>
    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.TypeInfoResolverChain.Insert(0, LiveJsonContext.Default);
        return options;
    }
}
