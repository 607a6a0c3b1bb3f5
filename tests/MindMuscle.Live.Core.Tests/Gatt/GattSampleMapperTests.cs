using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
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

    [Fact]
    public void TryDecode_HeartRateZeroWithoutSkinContact_NullsBpmKeepsContactFalse()
    {
        // Flags 0x04: uint8 value, contact supported but not detected; 0 bpm is what a strap off the skin sends.
        byte[] payload = [0x04, 0x00];

        var ok = GattSampleDecoder.TryDecode(
            GattUuids.FromShortId(GattUuids.HeartRateMeasurement), payload, At, null, out var sample, out var warnings, out var error);

        Assert.True(ok, error.Message);
        Assert.Null(sample!.HeartRateBpm);
        Assert.False(sample.SensorContact);
        Assert.True(warnings.HasFlag(GattWarnings.HeartRateNulled), warnings.ToString());
        AssertOnlySet(sample, "sensorContact");
        Assert.Contains(warnings.Describe(), w => w is { Code: "heartRateNulled", Message: "heartRateBpm outside 20-255 bpm: not a reading, left null" });
    }

    [Theory]
    [InlineData("00 13", null, GattWarnings.HeartRateNulled)] // 19 bpm
    [InlineData("00 14", 20, GattWarnings.None)]
    [InlineData("01 ff 00", 255, GattWarnings.None)]
    [InlineData("01 00 01", null, GattWarnings.HeartRateNulled)] // 256 bpm
    public void ToSample_HeartRateAtRangeEdges_KeepsOnlyPlausible(string hex, int? expected, GattWarnings expectedNulled)
    {
        HeartRateMeasurementCodec.TryDecode(Hex(hex), out var hr, out _);

        var sample = GattSampleMapper.ToSample(hr, At, Hex(hex), out var nulled);

        Assert.Equal(expected, sample.HeartRateBpm);
        Assert.Equal(expectedNulled, nulled);
    }

    [Theory]
    [InlineData("10 3c 66 00 00 04", null)] // 99.6 ms beside a plausible 1000 ms: the whole list goes
    [InlineData("10 3c 67 00 00 04", new[] { 100.5859375, 1000.0 })]
    [InlineData("10 3c 00 14", new[] { 5000.0 })]
    [InlineData("10 3c 01 14", null)] // 5000.98 ms
    public void ToSample_RrIntervalOutsideRange_NullsTheList(string hex, double[]? expected)
    {
        HeartRateMeasurementCodec.TryDecode(Hex(hex), out var hr, out _);

        var sample = GattSampleMapper.ToSample(hr, At, Hex(hex), out var nulled);

        Assert.Equal(expected, sample.RrIntervalsMs);
        Assert.Equal(expected is null ? GattWarnings.RrIntervalsNulled : GattWarnings.None, nulled);
        Assert.Equal(60, sample.HeartRateBpm);
    }

    [Fact]
    public void ToSample_MoreRrIntervalsThanTheHubTakes_NullsTheList()
    {
        var payload = new byte[2 + (2 * (GattSampleMapper.MaxRrIntervals + 1))];
        payload[0] = 0x10;
        payload[1] = 150;
        for (var i = 2; i < payload.Length; i += 2)
        {
            payload[i + 1] = 0x02; // 512 = 500 ms
        }

        var atLimitPayload = payload[..^2];
        HeartRateMeasurementCodec.TryDecode(payload, out var hr, out _);
        HeartRateMeasurementCodec.TryDecode(atLimitPayload, out var hrAtLimit, out _);

        var sample = GattSampleMapper.ToSample(hr, At, payload, out var nulled);
        var atLimit = GattSampleMapper.ToSample(hrAtLimit, At, atLimitPayload, out var atLimitNulled);

        Assert.Null(sample.RrIntervalsMs);
        Assert.Equal(GattWarnings.RrIntervalsNulled, nulled);
        Assert.Equal(150, sample.HeartRateBpm);
        Assert.Equal(32, atLimit.RrIntervalsMs!.Length);
        Assert.Equal(GattWarnings.None, atLimitNulled);
    }

    [Fact]
    public void ToSample_OutOfRangeFields_NullsEachAndFlagsIt()
    {
        // Speed 255.996 m/s, raw cadence 255 (510 spm per foot), stride 655.35 m, distance 429,496,729.5 m.
        RscMeasurementCodec.TryDecode(Hex("03 ff ff ff ff ff ff ff ff ff"), out var rsc, out _);
        CyclingPowerMeasurementCodec.TryDecode(Hex("00 00 ff ff"), out var cp, out _); // -1 W
        BatteryLevelCodec.TryDecode([101], out var battery, out _);
        RunningDynamicsCodec.TryDecode(Hex("07 d1 07 89 13 11 27"), out var rd, out _); // 2001 ms, 50.01 cm, 100.01 %

        var rscSample = GattSampleMapper.ToSample(rsc, new CadenceNormalizer(CadenceMode.PerFoot).Normalize(rsc), At, out var rscNulled);
        var cpSample = GattSampleMapper.ToSample(cp, At, out var cpNulled);
        var batterySample = GattSampleMapper.ToSample(battery, At, out var batteryNulled);
        var rdSample = GattSampleMapper.ToSample(rd, At, out var rdNulled);

        AssertOnlySet(rscSample);
        Assert.Equal(
            GattWarnings.SpeedNulled | GattWarnings.CadenceNulled | GattWarnings.StrideLengthNulled | GattWarnings.DistanceNulled, rscNulled);
        AssertOnlySet(cpSample);
        Assert.Equal(GattWarnings.PowerNulled, cpNulled);
        AssertOnlySet(batterySample);
        Assert.Equal(GattWarnings.BatteryNulled, batteryNulled);
        AssertOnlySet(rdSample);
        Assert.Equal(GattWarnings.GroundContactNulled | GattWarnings.VerticalOscillationNulled | GattWarnings.GctBalanceNulled, rdNulled);
    }

    [Fact]
    public void ToSample_ZeroesARunnerReallySendsAtAStandstill_AreKept()
    {
        // Standing still: speed 0, cadence 0, stride 0, distance 0; power 0 W and ground contact 0 ms are inside the range too.
        RscMeasurementCodec.TryDecode(Hex("03 00 00 00 00 00 00 00 00 00"), out var rsc, out _);
        CyclingPowerMeasurementCodec.TryDecode(Hex("00 00 00 00"), out var cp, out _);

        var rscSample = GattSampleMapper.ToSample(rsc, new CadenceNormalizer().Normalize(rsc), At, out var rscNulled);
        var cpSample = GattSampleMapper.ToSample(cp, At, out var cpNulled);

        Assert.Equal((0.0, 0.0, 0.0, 0.0), (rscSample.SpeedMps, rscSample.CadenceSpm, rscSample.StrideLengthM, rscSample.DistanceM));
        Assert.Equal(0, cpSample.PowerW);
        Assert.Equal(GattWarnings.None, rscNulled | cpNulled);
    }

    [Fact]
    public void TryDecode_AnyPayload_RejectsWithTypedErrorOrGivesASampleTheHubAccepts()
    {
        var characteristics = new[]
        {
            GattUuids.FromShortId(GattUuids.HeartRateMeasurement), GattUuids.FromShortId(GattUuids.RscMeasurement),
            GattUuids.FromShortId(GattUuids.CyclingPowerMeasurement), GattUuids.FromShortId(GattUuids.BatteryLevel),
            GattUuids.FromShortId(GattUuids.BodySensorLocation), GattUuids.RunningDynamics,
        };

        // Up to 512 bytes (the largest ATT value) so that long RR lists are reached too.
        var payloads = Gen.Frequency((4, Payloads), (1, Gen.Byte.Array[40, 512]));
        Gen.Select(Gen.Int[0, characteristics.Length - 1], Gen.Enum<CadenceMode>(), payloads).Sample((index, mode, payload) =>
        {
            var ok = GattSampleDecoder.TryDecode(
                characteristics[index], payload, At, new CadenceNormalizer(mode), out var sample, out var warnings, out var error);

            if (!ok)
            {
                Assert.True(Enum.IsDefined(error.Code) && error.Code != GattDecodeErrorCode.None, $"untyped rejection {error.Code}");
                return;
            }

            AssertHubAccepts(sample!, warnings);
        }, iter: 100_000);
    }

    /// <summary>Every non-null field inside the shared range, as hub/Ingest/SampleValidator checks them.</summary>
    private static void AssertHubAccepts(MetricSample sample, GattWarnings warnings)
    {
        InRange(sample.HeartRateBpm, PlausibleRanges.HeartRateBpm);
        InRange(sample.CadenceSpm, PlausibleRanges.CadenceSpm);
        InRange(sample.SpeedMps, PlausibleRanges.SpeedMps);
        InRange(sample.StrideLengthM, PlausibleRanges.StrideLengthM);
        InRange(sample.DistanceM, PlausibleRanges.DistanceM);
        InRange(sample.PowerW, PlausibleRanges.PowerW);
        InRange(sample.GroundContactMs, PlausibleRanges.GroundContactMs);
        InRange(sample.VerticalOscillationCm, PlausibleRanges.VerticalOscillationCm);
        InRange(sample.GctBalanceLeftPct, PlausibleRanges.GctBalanceLeftPct);
        InRange(sample.BatteryPct, PlausibleRanges.BatteryPct);
        if (sample.RrIntervalsMs is { } rr)
        {
            Assert.True(rr.Length <= 32, $"rrIntervalsMs has {rr.Length} intervals; the hub takes at most 32 ({warnings})");
            foreach (var ms in rr)
            {
                InRange(ms, PlausibleRanges.RrIntervalMs);
            }
        }

        void InRange(double? value, PlausibleRange range) =>
            Assert.True(value is not { } v || range.Contains(v), $"{range.Field} = {value} {range.Unit} is outside {range.Min}..{range.Max} ({warnings})");
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
