using CsCheck;
using MindMuscle.Live.Core.Gatt;
using static MindMuscle.Live.Core.Tests.Gatt.GattTestData;

namespace MindMuscle.Live.Core.Tests.Gatt;

/// <summary>
/// Sources: Bluetooth SIG Running Speed and Cadence Service RSCS v1.0 §3.1 and the GATT Specification Supplement (RSC
/// Measurement): flags uint8; speed uint16 1/256 m/s; cadence uint8 1/min; bit 0 stride length uint16 1/100 m; bit 1
/// total distance uint32 1/10 m; bit 2 walking (0) / running (1); bits 3-7 RFU. Vectors below are hand-built from that
/// layout; the byte order matches Nordic's nRF Toolbox RSC parser (little-endian throughout).
/// </summary>
public sealed class RscMeasurementCodecTests
{
    [Fact]
    public void TryDecode_AllFieldsRunning_DecodesUnits()
    {
        // flags 0x07; speed 0x0400 = 4.0 m/s; cadence 90; stride 0x008C = 1.40 m; distance 0x00003039 = 1234.5 m.
        var ok = RscMeasurementCodec.TryDecode(Hex("07 00 04 5a 8c 00 39 30 00 00"), out var rsc, out _);

        Assert.True(ok);
        Assert.Equal(4.0, rsc.SpeedMps);
        Assert.Equal(90, rsc.CadenceRaw);
        Assert.Equal(1.40, rsc.StrideLengthM);
        Assert.Equal(1234.5, rsc.TotalDistanceM);
        Assert.True(rsc.IsRunning);
        Assert.Equal(GattWarnings.None, rsc.Warnings);
    }

    [Fact]
    public void TryDecode_MinimalWalking_LeavesOptionalFieldsNull()
    {
        var ok = RscMeasurementCodec.TryDecode(Hex("00 80 01 3c"), out var rsc, out _);

        Assert.True(ok);
        Assert.Equal(1.5, rsc.SpeedMps);
        Assert.Null(rsc.StrideLengthM);
        Assert.Null(rsc.TotalDistanceM);
        Assert.False(rsc.IsRunning);
    }

    /// <summary>All 8 combinations of the flag bits 0-2, hand-built.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void TryDecode_EveryFlagCombination_DecodesAndReencodesIdentically(byte flags)
    {
        var bytes = new List<byte> { flags, 0x66, 0x03, 0xAA }; // 3.3984375 m/s, cadence 170
        if ((flags & 1) != 0)
        {
            bytes.AddRange([0x78, 0x00]); // 1.20 m
        }

        if ((flags & 2) != 0)
        {
            bytes.AddRange([0xFF, 0xFF, 0xFF, 0xFF]); // uint32 max: 429496729.5 m
        }

        var ok = RscMeasurementCodec.TryDecode(bytes.ToArray(), out var rsc, out var error);
        var buffer = new byte[RscMeasurementCodec.MaxEncodedLength];
        var written = RscMeasurementCodec.Encode(rsc, buffer);

        Assert.True(ok, error.Message);
        Assert.Equal(870 / 256.0, rsc.SpeedMps);
        Assert.Equal(170, rsc.CadenceRaw);
        Assert.Equal((flags & 1) != 0 ? 1.20 : null, rsc.StrideLengthM);
        Assert.Equal((flags & 2) != 0 ? 429496729.5 : null, rsc.TotalDistanceM);
        Assert.Equal((flags & 4) != 0, rsc.IsRunning);
        Assert.Equal(bytes.ToArray(), buffer[..written]);
    }

    [Theory]
    [InlineData("", GattDecodeErrorCode.EmptyPayload, "empty payload")]
    [InlineData("00 00", GattDecodeErrorCode.Truncated, "truncated: instantaneous speed at byte 1 needs 2 bytes, 1 left")]
    [InlineData("00 00 01", GattDecodeErrorCode.Truncated, "truncated: instantaneous cadence at byte 3 needs 1 byte, 0 left")]
    [InlineData("01 00 01 5a 8c", GattDecodeErrorCode.Truncated, "truncated: stride length at byte 4 needs 2 bytes, 1 left")]
    [InlineData("03 00 01 5a 8c 00 01 02", GattDecodeErrorCode.Truncated, "truncated: total distance at byte 6 needs 4 bytes, 2 left")]
    [InlineData("08 00 01 5a", GattDecodeErrorCode.ReservedFlagBits, "reserved flag bits set: 0x08")]
    [InlineData("ff 00 01 5a", GattDecodeErrorCode.ReservedFlagBits, "reserved flag bits set: 0xF8")]
    public void TryDecode_MalformedPayload_ReturnsTypedError(string hex, GattDecodeErrorCode code, string message)
    {
        var ok = RscMeasurementCodec.TryDecode(Hex(hex), out _, out var error);

        Assert.False(ok);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("00 00 00 00", GattWarnings.None)] // zero speed, zero cadence: standing still is valid
    [InlineData("00 00 0c fa", GattWarnings.None)] // exactly 12 m/s, raw 250
    [InlineData("00 01 0c fa", GattWarnings.SpeedOutOfRange)] // 12.004 m/s
    [InlineData("00 00 01 fb", GattWarnings.CadenceOutOfRange)] // raw 251
    [InlineData("01 00 01 5a 2c 01", GattWarnings.None)] // stride 3.00 m
    [InlineData("01 00 01 5a 2d 01", GattWarnings.StrideLengthOutOfRange)] // stride 3.01 m
    [InlineData("00 00 01 5a 00", GattWarnings.TrailingBytes)]
    public void TryDecode_Boundaries_FlagExactlyTheImpossible(string hex, GattWarnings expected)
    {
        Assert.True(RscMeasurementCodec.TryDecode(Hex(hex), out var rsc, out _));

        Assert.Equal(expected, rsc.Warnings);
    }

    [Fact]
    public void EncodeDecode_RandomValues_RoundTrip()
    {
        Rscs.Sample(value =>
        {
            var buffer = new byte[RscMeasurementCodec.MaxEncodedLength];
            var written = RscMeasurementCodec.Encode(value, buffer);

            Assert.Equal(RscMeasurementCodec.GetEncodedLength(value), written);
            Assert.True(RscMeasurementCodec.TryDecode(buffer.AsSpan(0, written), out var back, out _));
            Assert.Equal(value.SpeedRaw, back.SpeedRaw);
            Assert.Equal(value.CadenceRaw, back.CadenceRaw);
            Assert.Equal(value.StrideLengthRaw, back.StrideLengthRaw);
            Assert.Equal(value.TotalDistanceRaw, back.TotalDistanceRaw);
            Assert.Equal(value.IsRunning, back.IsRunning);
            Assert.Equal(value.Warnings, back.Warnings);
        }, iter: 20_000);
    }
}
