using System.Text.Json;
using System.Text.Json.Nodes;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Tests.Samples;

public sealed class MetricSampleJsonTests
{
    private static readonly string[] WireNames =
    [
        "seq", "observedAt", "heartRateBpm", "rrIntervalsMs", "cadenceSpm", "speedMps", "strideLengthM", "distanceM",
        "powerW", "groundContactMs", "verticalOscillationCm", "gctBalanceLeftPct", "sensorContact", "batteryPct", "backfilled",
    ];

    [Fact]
    public void Serialize_EmptySample_WritesEveryWireNameInOrderWithNullsNotZeros()
    {
        var sample = new MetricSample { Seq = 7, ObservedAt = 1_764_000_000_123 };

        var json = JsonNode.Parse(JsonSerializer.Serialize(sample))!.AsObject();

        Assert.Equal(WireNames, json.Select(p => p.Key));
        Assert.Equal(7, json["seq"]!.GetValue<long>());
        Assert.Equal(1_764_000_000_123, json["observedAt"]!.GetValue<long>());
        Assert.All(WireNames.Except(["seq", "observedAt", "backfilled"]), name => Assert.Null(json[name]));
    }

    [Fact]
    public void Deserialize_WireJson_RoundTripsEveryField()
    {
        var sample = new MetricSample
        {
            Seq = 3, ObservedAt = 42, HeartRateBpm = 151, RrIntervalsMs = [400.390625, 398.4375], CadenceSpm = 178,
            SpeedMps = 4.1, StrideLengthM = 1.38, DistanceM = 1200.5, PowerW = 255, GroundContactMs = 231,
            VerticalOscillationCm = 8.4, GctBalanceLeftPct = 49.6, SensorContact = true, BatteryPct = 80, Backfilled = true,
        };

        var back = JsonSerializer.Deserialize<MetricSample>(JsonSerializer.Serialize(sample))!;

        Assert.Equal(sample with { RrIntervalsMs = null }, back with { RrIntervalsMs = null });
        Assert.Equal(sample.RrIntervalsMs, back.RrIntervalsMs);
    }

    [Fact]
    public void Serialize_CueStatus_UsesLowerCaseWireNames()
    {
        var report = new CueStatusReport { CueId = "c1", Status = CueStatus.Spoken };

        var json = JsonSerializer.Serialize(report);

        Assert.Contains("\"status\":\"spoken\"", json, StringComparison.Ordinal);
    }
}
