using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Relay.Ble;

namespace MindMuscle.Live.Relay.Tests.Ble;

public sealed class GattPayloadCodecTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryDecode_StrapWithoutContactSendsZeroBpm_SampleWithNullHeartRateCounted()
    {
        var sut = new GattPayloadCodec();
        var payload = GattPayloadCodec.EncodeHeartRate(0, contact: false, []);

        var decoded = sut.TryDecode(BleUuids.HeartRateMeasurement, payload, At, out var sample, out var nulled, out var error);

        Assert.True(decoded, error);
        Assert.Null(sample!.HeartRateBpm);
        Assert.False(sample.SensorContact);
        Assert.Equal(At.ToUnixTimeMilliseconds(), sample.ObservedAt);
        Assert.Equal(GattWarnings.HeartRateNulled, nulled);
        Assert.Equal(1, sut.Nulled);
        Assert.Equal(GattWarnings.HeartRateNulled, sut.NulledKinds);
        Assert.Equal(0, sut.Rejected);
    }

    [Fact]
    public void TryDecode_PlausibleThenImplausible_CountsOnlyTheNulledSamples()
    {
        var sut = new GattPayloadCodec();

        Assert.True(sut.TryDecode(BleUuids.HeartRateMeasurement, GattPayloadCodec.EncodeHeartRate(150, true, [400.0]), At, out var good, out var none, out _));
        Assert.True(sut.TryDecode(BleUuids.HeartRateMeasurement, GattPayloadCodec.EncodeHeartRate(0, false, []), At, out _, out _));
        Assert.True(sut.TryDecode(BleUuids.HeartRateMeasurement, GattPayloadCodec.EncodeHeartRate(0, false, []), At, out _, out _));
        Assert.True(sut.TryDecode(BleUuids.BatteryLevel, [200], At, out var battery, out var batteryNulled, out _));

        Assert.Equal(150, good!.HeartRateBpm);
        Assert.Equal(GattWarnings.None, none);
        Assert.Null(battery!.BatteryPct);
        Assert.Equal(GattWarnings.BatteryNulled, batteryNulled);
        Assert.Equal(3, sut.Nulled);
        Assert.Equal(GattWarnings.HeartRateNulled | GattWarnings.BatteryNulled, sut.NulledKinds);
    }

    [Fact]
    public void NulledFlags_AreExactlyTheMappersNulledFlags()
    {
        Assert.Equal(11, Enum.GetValues<GattWarnings>().Count(w => (GattPayloadCodec.NulledFlags & w) == w && w != GattWarnings.None));
        Assert.Equal(GattWarnings.None, GattPayloadCodec.NulledFlags & (GattWarnings.HeartRateOutOfRange | GattWarnings.TrailingBytes | GattWarnings.CadenceAmbiguous));
        Assert.Equal(GattWarnings.HeartRateNulled | GattWarnings.BatteryNulled, GattPayloadCodec.NulledFlags & (GattWarnings.HeartRateNulled | GattWarnings.BatteryNulled));
    }
}
