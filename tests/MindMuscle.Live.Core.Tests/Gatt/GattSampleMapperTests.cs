using System.Text.Json;
using System.Text.Json.Nodes;
using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Core.Samples;
using static MindMuscle.Live.Core.Tests.Gatt.GattTestData;

namespace MindMuscle.Live.Core.Tests.Gatt;

public sealed class GattSampleMapperTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_123);

    [Fact]
    public void ToSample_HeartRate_MapsBpmRrContactAndLeavesTheRestNull()
    {
        HeartRateMeasurementCodec.TryDecode(Hex("16485401EC02"), out var hr, out _);

        var sample = GattSampleMapper.ToSample(hr, At);

        Assert.Equal(0, sample.Seq);
        Assert.Equal(1_764_000_000_123, sample.ObservedAt);
        Assert.Equal(72, sample.HeartRateBpm);
        Assert.Equal([332.03125, 730.46875], sample.RrIntervalsMs!);
        Assert.True(sample.SensorContact);
        AssertOnlySet(sample, "heartRateBpm", "rrIntervalsMs", "sensorContact");
    }

    [Fact]
    public void ToSample_HeartRateWithoutContactSupport_LeavesContactNullNotFalse()
    {
        HeartRateMeasurementCodec.TryDecode(Hex("0048"), out var hr, out _);

        var sample = GattSampleMapper.ToSample(hr, At);

        Assert.Null(sample.SensorContact);
        Assert.Null(sample.RrIntervalsMs);
    }

    [Fact]
    public void ToSample_HeartRateBeyondInlineWithPayload_KeepsEveryRrInterval()
    {
        var payload = new byte[2 + 24];
        payload[0] = 0x10;
        payload[1] = 150;
        for (var i = 0; i < 12; i++)
        {
            payload[2 + (2 * i)] = 0x00;
            payload[3 + (2 * i)] = 0x02; // 512 = 500 ms
        }

        HeartRateMeasurementCodec.TryDecode(payload, out var hr, out _);

        Assert.Equal(12, GattSampleMapper.ToSample(hr, At, payload).RrIntervalsMs!.Length);
        Assert.Equal(9, GattSampleMapper.ToSample(hr, At).RrIntervalsMs!.Length);
    }

    [Fact]
    public void ToSample_Rsc_MapsSpeedStrideDistanceAndNormalizedCadence()
    {
        RscMeasurementCodec.TryDecode(Hex("07 00 04 56 8c 00 39 30 00 00"), out var rsc, out _);
        var cadence = new CadenceNormalizer().Normalize(rsc);

        var sample = GattSampleMapper.ToSample(rsc, cadence, At);

        Assert.Equal(4.0, sample.SpeedMps);
        Assert.Equal(172.0, sample.CadenceSpm);
        Assert.Equal(1.40, sample.StrideLengthM);
        Assert.Equal(1234.5, sample.DistanceM);
        AssertOnlySet(sample, "speedMps", "cadenceSpm", "strideLengthM", "distanceM");
    }

    [Fact]
    public void ToSample_RscWithoutOptionalFields_LeavesThemNullNotZero()
    {
        RscMeasurementCodec.TryDecode(Hex("00 00 00 00"), out var rsc, out _);

        var sample = GattSampleMapper.ToSample(rsc, new CadenceNormalizer().Normalize(rsc), At);

        Assert.Equal(0.0, sample.SpeedMps);
        Assert.Null(sample.StrideLengthM);
        Assert.Null(sample.DistanceM);
    }

    [Fact]
    public void ToSample_CyclingPower_MapsPowerOnly()
    {
        CyclingPowerMeasurementCodec.TryDecode(Hex("30 00 fa 00 10 00 00 00 00 08 20 00 00 04"), out var cp, out _);

        var sample = GattSampleMapper.ToSample(cp, At);

        Assert.Equal(250, sample.PowerW);
        AssertOnlySet(sample, "powerW");
    }

    [Fact]
    public void ToSample_BatteryAndLocationAndRunningDynamics_MapTheirFields()
    {
        BatteryLevelCodec.TryDecode([80], out var battery, out _);
        BodySensorLocationCodec.TryDecode([1], out var location, out _);
        RunningDynamicsCodec.TryDecode(Hex("07 e7 00 54 03 62 13"), out var rd, out _);

        var batterySample = GattSampleMapper.ToSample(battery, At);
        var locationSample = GattSampleMapper.ToSample(location, At);
        var rdSample = GattSampleMapper.ToSample(rd, At);

        Assert.Equal(80, batterySample.BatteryPct);
        AssertOnlySet(batterySample, "batteryPct");
        AssertOnlySet(locationSample);
        Assert.Equal(231.0, rdSample.GroundContactMs);
        Assert.Equal(8.52, rdSample.VerticalOscillationCm);
        Assert.Equal(49.62, rdSample.GctBalanceLeftPct);
        AssertOnlySet(rdSample, "groundContactMs", "verticalOscillationCm", "gctBalanceLeftPct");
    }

    [Fact]
    public void TryDecode_ByUuid_DispatchesAndReportsUnsupported()
    {
        var ok = GattSampleDecoder.TryDecode(
            GattUuids.FromShortId(GattUuids.HeartRateMeasurement), Hex("163c0004"), At, null, out var sample, out var warnings, out _);
        var unsupported = GattSampleDecoder.TryDecode(
            GattUuids.FromShortId(0x2A99), [0], At, null, out var none, out _, out var error);

        Assert.True(ok);
        Assert.Equal(60, sample!.HeartRateBpm);
        Assert.Equal(GattWarnings.None, warnings);
        Assert.False(unsupported);
        Assert.Null(none);
        Assert.Equal("unsupported characteristic: 2a99", error.Message);
    }

    [Fact]
    public void TryDecode_RscWithSharedNormalizer_KeepsStickinessAcrossCalls()
    {
        var normalizer = new CadenceNormalizer();
        var rsc = GattUuids.FromShortId(GattUuids.RscMeasurement);
        for (var i = 0; i < CadenceNormalizer.StrongVotesToStick; i++)
        {
            GattSampleDecoder.TryDecode(rsc, Hex("05 00 04 56 8c 00"), At, normalizer, out _, out _, out _);
        }

        GattSampleDecoder.TryDecode(rsc, Hex("00 80 01 5a"), At, normalizer, out var walking, out var warnings, out _);

        Assert.Equal(180.0, walking!.CadenceSpm);
        Assert.Equal(GattWarnings.None, warnings);
    }

    /// <summary>Every metric field not named is null in the wire JSON (never 0).</summary>
    private static void AssertOnlySet(MetricSample sample, params string[] names)
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(sample))!.AsObject();
        foreach (var (name, value) in json)
        {
            if (name is "seq" or "observedAt" or "backfilled")
            {
                continue;
            }

            if (names.Contains(name))
            {
                Assert.NotNull(value);
            }
            else
            {
                Assert.True(value is null, $"{name} should be null but was {value}");
            }
        }
    }
}
