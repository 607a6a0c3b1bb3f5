using MindMuscle.Live.Core.Gatt;

namespace MindMuscle.Live.Core.Tests.Gatt;

public sealed class GattUuidsTests
{
    [Theory]
    [InlineData("2a37")]
    [InlineData("2A37")]
    [InlineData("0x2A37")]
    [InlineData("0x2a37")]
    [InlineData("00002a37")]
    [InlineData("00002a37-0000-1000-8000-00805f9b34fb")]
    [InlineData("00002A37-0000-1000-8000-00805F9B34FB")]
    [InlineData("{00002a37-0000-1000-8000-00805f9b34fb}")]
    [InlineData("00002a3700001000800000805f9b34fb")]
    public void TryParse_EveryForm_YieldsHeartRateMeasurement(string text)
    {
        var ok = GattUuids.TryParse(text, out var uuid);

        Assert.True(ok);
        Assert.Equal(new Guid("00002a37-0000-1000-8000-00805f9b34fb"), uuid);
        Assert.True(GattUuids.TryGetShortId(uuid, out var id));
        Assert.Equal(GattUuids.HeartRateMeasurement, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2a3")]
    [InlineData("2a37x")]
    [InlineData("0x")]
    [InlineData("zzzz")]
    [InlineData("12345")]
    public void TryParse_Garbage_ReturnsFalse(string? text)
    {
        Assert.False(GattUuids.TryParse(text, out _));
    }

    [Theory]
    [InlineData(GattUuids.HeartRateService, "0000180d-0000-1000-8000-00805f9b34fb")]
    [InlineData(GattUuids.RunningSpeedAndCadenceService, "00001814-0000-1000-8000-00805f9b34fb")]
    [InlineData(GattUuids.CyclingPowerService, "00001818-0000-1000-8000-00805f9b34fb")]
    [InlineData(GattUuids.BatteryService, "0000180f-0000-1000-8000-00805f9b34fb")]
    [InlineData(GattUuids.RscMeasurement, "00002a53-0000-1000-8000-00805f9b34fb")]
    [InlineData(GattUuids.CyclingPowerMeasurement, "00002a63-0000-1000-8000-00805f9b34fb")]
    [InlineData(GattUuids.BatteryLevel, "00002a19-0000-1000-8000-00805f9b34fb")]
    [InlineData(GattUuids.BodySensorLocation, "00002a38-0000-1000-8000-00805f9b34fb")]
    public void FromShortId_SigIds_ExpandOnTheBaseUuid(ushort id, string expected)
    {
        Assert.Equal(new Guid(expected), GattUuids.FromShortId(id));
        Assert.Equal(id.ToString("x4"), GattUuids.Format(GattUuids.FromShortId(id)));
    }

    [Fact]
    public void TryGetShortId_VendorUuid_ReturnsFalseAndFormatsInFull()
    {
        Assert.False(GattUuids.TryGetShortId(GattUuids.RunningDynamics, out _));
        Assert.Equal("6d6d6c00-0001-4c69-7665-4d696e644d75", GattUuids.Format(GattUuids.RunningDynamics));
        Assert.True(GattUuids.TryParse("6D6D6C00-0001-4C69-7665-4D696E644D75", out var parsed));
        Assert.Equal(GattUuids.RunningDynamics, parsed);
    }

    [Fact]
    public void TryGetShortId_ThirtyTwoBitSigUuid_ReturnsFalse()
    {
        Assert.False(GattUuids.TryGetShortId(new Guid("12342a37-0000-1000-8000-00805f9b34fb"), out _));
    }
}
