using CsCheck;
using MindMuscle.Live.Core.Gatt;
using static MindMuscle.Live.Core.Tests.Gatt.GattTestData;

namespace MindMuscle.Live.Core.Tests.Gatt;

/// <summary>
/// Source: our own vendor layout (docs/gatt.md, "Running Dynamics"): flags uint8; bit 0 ground contact uint16 ms; bit 1
/// vertical oscillation uint16 1/10 mm; bit 2 ground contact balance uint16 1/100 % left; bits 3-7 reserved.
/// </summary>
public sealed class RunningDynamicsCodecTests
{
    [Fact]
    public void TryDecode_AllFields_DecodesUnits()
    {
        // 231 ms; 852 × 0.1 mm = 8.52 cm; 4962 × 0.01 % = 49.62 % left.
        var ok = RunningDynamicsCodec.TryDecode(Hex("07 e7 00 54 03 62 13"), out var rd, out _);

        Assert.True(ok);
        Assert.Equal((ushort)231, rd.GroundContactMs);
        Assert.Equal(8.52, rd.VerticalOscillationCm);
        Assert.Equal(49.62, rd.GctBalanceLeftPct);
        Assert.Equal(GattWarnings.None, rd.Warnings);
    }

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
        var bytes = new List<byte> { flags };
        if ((flags & 1) != 0) { bytes.AddRange([0xF0, 0x00]); }
        if ((flags & 2) != 0) { bytes.AddRange([0x20, 0x03]); }
        if ((flags & 4) != 0) { bytes.AddRange([0x88, 0x13]); }

        var ok = RunningDynamicsCodec.TryDecode(bytes.ToArray(), out var rd, out _);
        var buffer = new byte[RunningDynamicsCodec.MaxEncodedLength];
        var written = RunningDynamicsCodec.Encode(rd, buffer);

        Assert.True(ok);
        Assert.Equal((flags & 1) != 0 ? (ushort)240 : null, rd.GroundContactMs);
        Assert.Equal((flags & 2) != 0 ? 8.0 : null, rd.VerticalOscillationCm);
        Assert.Equal((flags & 4) != 0 ? 50.0 : null, rd.GctBalanceLeftPct);
        Assert.Equal(bytes.ToArray(), buffer[..written]);
    }

    [Theory]
    [InlineData("", GattDecodeErrorCode.EmptyPayload, "empty payload")]
    [InlineData("08", GattDecodeErrorCode.ReservedFlagBits, "reserved flag bits set: 0x08")]
    [InlineData("01 e7", GattDecodeErrorCode.Truncated, "truncated: ground contact time at byte 1 needs 2 bytes, 1 left")]
    [InlineData("03 e7 00", GattDecodeErrorCode.Truncated, "truncated: vertical oscillation at byte 3 needs 2 bytes, 0 left")]
    [InlineData("04 88", GattDecodeErrorCode.Truncated, "truncated: ground contact balance at byte 1 needs 2 bytes, 1 left")]
    public void TryDecode_MalformedPayload_ReturnsTypedError(string hex, GattDecodeErrorCode code, string message)
    {
        var ok = RunningDynamicsCodec.TryDecode(Hex(hex), out _, out var error);

        Assert.False(ok);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("01 00 00", GattWarnings.GroundContactOutOfRange)]
    [InlineData("01 d0 07", GattWarnings.None)] // 2000 ms
    [InlineData("01 d1 07", GattWarnings.GroundContactOutOfRange)]
    [InlineData("02 b8 0b", GattWarnings.None)] // 30 cm
    [InlineData("02 b9 0b", GattWarnings.VerticalOscillationOutOfRange)]
    [InlineData("04 10 27", GattWarnings.None)] // 100 %
    [InlineData("04 11 27", GattWarnings.GctBalanceOutOfRange)]
    [InlineData("00 00", GattWarnings.TrailingBytes)]
    public void TryDecode_Boundaries_FlagExactlyTheImpossible(string hex, GattWarnings expected)
    {
        Assert.True(RunningDynamicsCodec.TryDecode(Hex(hex), out var rd, out _));

        Assert.Equal(expected, rd.Warnings);
    }

    [Fact]
    public void EncodeDecode_RandomValues_RoundTrip()
    {
        RunningDynamics.Sample(value =>
        {
            var buffer = new byte[RunningDynamicsCodec.MaxEncodedLength];
            var written = RunningDynamicsCodec.Encode(value, buffer);

            Assert.True(RunningDynamicsCodec.TryDecode(buffer.AsSpan(0, written), out var back, out _));
            Assert.Equal(value.GroundContactMs, back.GroundContactMs);
            Assert.Equal(value.VerticalOscillationRaw, back.VerticalOscillationRaw);
            Assert.Equal(value.GctBalanceLeftRaw, back.GctBalanceLeftRaw);
        }, iter: 10_000);
    }
}
