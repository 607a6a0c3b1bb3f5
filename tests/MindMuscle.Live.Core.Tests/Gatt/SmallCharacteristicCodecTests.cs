using MindMuscle.Live.Core.Gatt;
using static MindMuscle.Live.Core.Tests.Gatt.GattTestData;

namespace MindMuscle.Live.Core.Tests.Gatt;

/// <summary>
/// Sources: Battery Service BAS v1.0 (Battery Level 0x2A19: uint8 percent 0-100) and Heart Rate Service HRS_SPEC v1.0
/// §3.2 (Body Sensor Location 0x2A38: 0 other, 1 chest, 2 wrist, 3 finger, 4 hand, 5 ear lobe, 6 foot, 7-255 RFU).
/// </summary>
public sealed class SmallCharacteristicCodecTests
{
    [Theory]
    [InlineData("00", 0, GattWarnings.None)]
    [InlineData("64", 100, GattWarnings.None)]
    [InlineData("65", 101, GattWarnings.BatteryOutOfRange)]
    [InlineData("ff", 255, GattWarnings.BatteryOutOfRange)]
    [InlineData("5000", 80, GattWarnings.TrailingBytes)]
    public void BatteryLevel_TryDecode_ReadsPercentAndFlagsImpossible(string hex, int percent, GattWarnings warnings)
    {
        var ok = BatteryLevelCodec.TryDecode(Hex(hex), out var battery, out _);

        Assert.True(ok);
        Assert.Equal(percent, battery.Percent);
        Assert.Equal(warnings, battery.Warnings);
    }

    [Fact]
    public void BatteryLevel_TryDecode_Empty_ReturnsEmptyPayloadError()
    {
        var ok = BatteryLevelCodec.TryDecode([], out _, out var error);

        Assert.False(ok);
        Assert.Equal(GattDecodeErrorCode.EmptyPayload, error.Code);
    }

    [Fact]
    public void BatteryLevel_Encode_RoundTripsEveryByte()
    {
        var buffer = new byte[1];
        for (var b = 0; b < 256; b++)
        {
            var written = BatteryLevelCodec.Encode(new BatteryLevel { Percent = (byte)b }, buffer);

            Assert.Equal(1, written);
            Assert.True(BatteryLevelCodec.TryDecode(buffer, out var back, out _));
            Assert.Equal(b, back.Percent);
        }
    }

    [Theory]
    [InlineData("00", BodySensorLocation.Other, "other")]
    [InlineData("01", BodySensorLocation.Chest, "chest")]
    [InlineData("02", BodySensorLocation.Wrist, "wrist")]
    [InlineData("03", BodySensorLocation.Finger, "finger")]
    [InlineData("04", BodySensorLocation.Hand, "hand")]
    [InlineData("05", BodySensorLocation.EarLobe, "earLobe")]
    [InlineData("06", BodySensorLocation.Foot, "foot")]
    public void BodySensorLocation_TryDecode_EveryDefinedValue(string hex, BodySensorLocation location, string name)
    {
        var ok = BodySensorLocationCodec.TryDecode(Hex(hex), out var reading, out _);

        Assert.True(ok);
        Assert.Equal(location, reading.Location);
        Assert.Equal(name, reading.Name);
        Assert.Equal(GattWarnings.None, reading.Warnings);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(255)]
    public void BodySensorLocation_TryDecode_Reserved_KeepsRawAndWarns(byte raw)
    {
        var ok = BodySensorLocationCodec.TryDecode([raw], out var reading, out _);

        Assert.True(ok);
        Assert.Equal(raw, (byte)reading.Location);
        Assert.True(reading.IsReserved);
        Assert.Equal($"reserved({raw})", reading.Name);
        Assert.Equal(GattWarnings.BodySensorLocationReserved, reading.Warnings);
    }

    [Fact]
    public void BodySensorLocation_TryDecode_Empty_ReturnsEmptyPayloadError()
    {
        Assert.False(BodySensorLocationCodec.TryDecode([], out _, out var error));
        Assert.Equal("empty payload", error.Message);
    }

    [Fact]
    public void BodySensorLocation_Encode_WritesOneByte()
    {
        var buffer = new byte[1];

        var written = BodySensorLocationCodec.Encode(new BodySensorLocationReading { Location = BodySensorLocation.Foot }, buffer);

        Assert.Equal(1, written);
        Assert.Equal(6, buffer[0]);
    }
}
