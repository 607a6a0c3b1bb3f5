using CsCheck;
using MindMuscle.Live.Core.Gatt;
using static MindMuscle.Live.Core.Tests.Gatt.GattTestData;

namespace MindMuscle.Live.Core.Tests.Gatt;

/// <summary>
/// Sources: Bluetooth SIG Cycling Power Service CPS v1.1 §3.2 and the GATT Specification Supplement (Cycling Power
/// Measurement): flags uint16 (bits 13-15 RFU); power sint16 W; then in order pedal power balance uint8 1/2 % (bit 0),
/// accumulated torque uint16 1/32 Nm (bit 2), wheel revs uint32 + event uint16 1/2048 s (bit 4), crank revs uint16 +
/// event uint16 1/1024 s (bit 5), extreme forces 2×sint16 N (bit 6), extreme torques 2×sint16 1/32 Nm (bit 7), extreme
/// angles 2×uint12 in 3 bytes (bit 8), top dead spot uint16 deg (bit 9), bottom dead spot uint16 deg (bit 10),
/// accumulated energy uint16 kJ (bit 11); bits 1, 3 and 12 are indicators without a field. Vectors are hand-built from
/// that layout.
/// </summary>
public sealed class CyclingPowerMeasurementCodecTests
{
    [Fact]
    public void TryDecode_PowerOnly_DecodesSignedWatts()
    {
        var ok = CyclingPowerMeasurementCodec.TryDecode(Hex("00 00 fa 00"), out var cp, out _);

        Assert.True(ok);
        Assert.Equal(250, cp.InstantaneousPowerW);
        Assert.Null(cp.PedalPowerBalanceRaw);
        Assert.Null(cp.WheelRevolutions);
        Assert.Null(cp.AccumulatedEnergyKj);
        Assert.Equal(GattWarnings.None, cp.Warnings);
    }

    [Fact]
    public void TryDecode_EveryField_DecodesInSpecOrder()
    {
        // flags 0x1FFF; power 300; balance 100 (50 %); torque 0x0640 = 50 Nm; wheel 0x00010000 revs @ 0x0800 (1 s);
        // crank 0x0102 revs @ 0x0400 (1 s); forces 500 / -120 N; torques 0x0320 (25 Nm) / 0xFFE0 (-1 Nm);
        // angles max 0x0B4 (180) min 0x05A (90) packed B4 A0 05; TDS 10; BDS 190; energy 0x0102 kJ.
        var payload = Hex(
            "ff 1f 2c 01 64 40 06 00 00 01 00 00 08 02 01 00 04 f4 01 88 ff 20 03 e0 ff b4 a0 05 0a 00 be 00 02 01");

        var ok = CyclingPowerMeasurementCodec.TryDecode(payload, out var cp, out var error);

        Assert.True(ok, error.Message);
        Assert.Equal(300, cp.InstantaneousPowerW);
        Assert.Equal(50.0, cp.PedalPowerBalancePct);
        Assert.True(cp.PedalPowerBalanceReferenceLeft);
        Assert.Equal(50.0, cp.AccumulatedTorqueNm);
        Assert.True(cp.AccumulatedTorqueCrankBased);
        Assert.Equal(new WheelRevolutionData(0x10000, 2048), cp.WheelRevolutions);
        Assert.Equal(new CrankRevolutionData(0x0102, 1024), cp.CrankRevolutions);
        Assert.Equal(new ExtremePair(500, -120), cp.ExtremeForceMagnitudesN);
        Assert.Equal(new ExtremePair(800, -32), cp.ExtremeTorqueMagnitudesRaw);
        Assert.Equal(new ExtremePair(180, 90), cp.ExtremeAnglesDeg);
        Assert.Equal((ushort)10, cp.TopDeadSpotAngleDeg);
        Assert.Equal((ushort)190, cp.BottomDeadSpotAngleDeg);
        Assert.Equal((ushort)0x0102, cp.AccumulatedEnergyKj);
        Assert.True(cp.OffsetCompensationIndicator);
        Assert.Equal(GattWarnings.None, cp.Warnings);
    }

    /// <summary>All 8192 combinations of flag bits 0-12, each payload hand-built field by field here.</summary>
    [Fact]
    public void TryDecode_EveryFlagCombination_DecodesEachFieldAndReencodesIdentically()
    {
        for (var flags = 0; flags < 1 << 13; flags++)
        {
            var bytes = new List<byte> { (byte)flags, (byte)(flags >> 8), 0x9C, 0xFF }; // power -100 W
            bool Has(int bit) => (flags & (1 << bit)) != 0;
            if (Has(0)) { bytes.Add(101); }
            if (Has(2)) { bytes.AddRange([0x20, 0x00]); }
            if (Has(4)) { bytes.AddRange([0x01, 0x02, 0x03, 0x04, 0x05, 0x06]); }
            if (Has(5)) { bytes.AddRange([0x07, 0x08, 0x09, 0x0A]); }
            if (Has(6)) { bytes.AddRange([0x0B, 0x0C, 0x0D, 0x8E]); }
            if (Has(7)) { bytes.AddRange([0x0F, 0x10, 0x11, 0x92]); }
            if (Has(8)) { bytes.AddRange([0x67, 0x45, 0x23]); }
            if (Has(9)) { bytes.AddRange([0x14, 0x00]); }
            if (Has(10)) { bytes.AddRange([0x15, 0x01]); }
            if (Has(11)) { bytes.AddRange([0x16, 0x17]); }

            var ok = CyclingPowerMeasurementCodec.TryDecode(bytes.ToArray(), out var cp, out var error);

            Assert.True(ok, $"flags 0x{flags:X4}: {error.Message}");
            Assert.Equal(-100, cp.InstantaneousPowerW);
            Assert.Equal(Has(0) ? (byte)101 : null, cp.PedalPowerBalanceRaw);
            Assert.Equal(Has(1), cp.PedalPowerBalanceReferenceLeft);
            Assert.Equal(Has(2) ? 1.0 : null, cp.AccumulatedTorqueNm);
            Assert.Equal(Has(3), cp.AccumulatedTorqueCrankBased);
            Assert.Equal(Has(4) ? new WheelRevolutionData(0x04030201, 0x0605) : null, cp.WheelRevolutions);
            Assert.Equal(Has(5) ? new CrankRevolutionData(0x0807, 0x0A09) : null, cp.CrankRevolutions);
            Assert.Equal(Has(6) ? new ExtremePair(0x0C0B, unchecked((short)0x8E0D)) : null, cp.ExtremeForceMagnitudesN);
            Assert.Equal(Has(7) ? new ExtremePair(0x100F, unchecked((short)0x9211)) : null, cp.ExtremeTorqueMagnitudesRaw);
            Assert.Equal(Has(8) ? new ExtremePair(0x567, 0x234) : null, cp.ExtremeAnglesDeg);
            Assert.Equal(Has(9) ? (ushort)20 : null, cp.TopDeadSpotAngleDeg);
            Assert.Equal(Has(10) ? (ushort)0x0115 : null, cp.BottomDeadSpotAngleDeg);
            Assert.Equal(Has(11) ? (ushort)0x1716 : null, cp.AccumulatedEnergyKj);
            Assert.Equal(Has(12), cp.OffsetCompensationIndicator);
            Assert.True(cp.Warnings.HasFlag(GattWarnings.PowerOutOfRange));

            var buffer = new byte[CyclingPowerMeasurementCodec.MaxEncodedLength];
            var written = CyclingPowerMeasurementCodec.Encode(cp, buffer);
            Assert.Equal(bytes.ToArray(), buffer[..written]);
        }
    }

    [Theory]
    [InlineData("", GattDecodeErrorCode.EmptyPayload, "empty payload")]
    [InlineData("00", GattDecodeErrorCode.Truncated, "truncated: flags at byte 0 needs 2 bytes, 1 left")]
    [InlineData("00 00 fa", GattDecodeErrorCode.Truncated, "truncated: instantaneous power at byte 2 needs 2 bytes, 1 left")]
    [InlineData("00 20 fa 00", GattDecodeErrorCode.ReservedFlagBits, "reserved flag bits set: 0x2000")]
    [InlineData("00 e0 fa 00", GattDecodeErrorCode.ReservedFlagBits, "reserved flag bits set: 0xE000")]
    [InlineData("01 00 fa 00", GattDecodeErrorCode.Truncated, "truncated: pedal power balance at byte 4 needs 1 byte, 0 left")]
    [InlineData("04 00 fa 00 01", GattDecodeErrorCode.Truncated, "truncated: accumulated torque at byte 4 needs 2 bytes, 1 left")]
    [InlineData("10 00 fa 00 01 00 00 00 00", GattDecodeErrorCode.Truncated, "truncated: wheel revolution data at byte 4 needs 6 bytes, 5 left")]
    [InlineData("20 00 fa 00 01 00 00", GattDecodeErrorCode.Truncated, "truncated: crank revolution data at byte 4 needs 4 bytes, 3 left")]
    [InlineData("40 00 fa 00 01 00", GattDecodeErrorCode.Truncated, "truncated: extreme force magnitudes at byte 4 needs 4 bytes, 2 left")]
    [InlineData("80 00 fa 00", GattDecodeErrorCode.Truncated, "truncated: extreme torque magnitudes at byte 4 needs 4 bytes, 0 left")]
    [InlineData("00 01 fa 00 01 02", GattDecodeErrorCode.Truncated, "truncated: extreme angles at byte 4 needs 3 bytes, 2 left")]
    [InlineData("00 02 fa 00 01", GattDecodeErrorCode.Truncated, "truncated: top dead spot angle at byte 4 needs 2 bytes, 1 left")]
    [InlineData("00 06 fa 00 01 00", GattDecodeErrorCode.Truncated, "truncated: bottom dead spot angle at byte 6 needs 2 bytes, 0 left")]
    [InlineData("21 08 fa 00 64 01 00 02 00 05", GattDecodeErrorCode.Truncated, "truncated: accumulated energy at byte 9 needs 2 bytes, 1 left")]
    public void TryDecode_MalformedPayload_ReturnsTypedError(string hex, GattDecodeErrorCode code, string message)
    {
        var ok = CyclingPowerMeasurementCodec.TryDecode(Hex(hex), out _, out var error);

        Assert.False(ok);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("00 00 00 00", GattWarnings.None)] // 0 W: coasting is valid
    [InlineData("00 00 c4 09", GattWarnings.None)] // 2500 W
    [InlineData("00 00 c5 09", GattWarnings.PowerOutOfRange)] // 2501 W
    [InlineData("00 00 ff ff", GattWarnings.PowerOutOfRange)] // -1 W
    [InlineData("00 00 00 80", GattWarnings.PowerOutOfRange)] // sint16 min
    [InlineData("01 00 64 00 c8", GattWarnings.None)] // balance 100 %
    [InlineData("01 00 64 00 c9", GattWarnings.PedalPowerBalanceOutOfRange)] // balance 100.5 %
    [InlineData("00 01 64 00 67 71 16", GattWarnings.None)] // angles 359 / 359
    [InlineData("00 01 64 00 68 71 16", GattWarnings.AngleOutOfRange)] // max 360
    [InlineData("00 02 64 00 68 01", GattWarnings.AngleOutOfRange)] // top dead spot 360
    [InlineData("00 00 64 00 00", GattWarnings.TrailingBytes)]
    public void TryDecode_Boundaries_FlagExactlyTheImpossible(string hex, GattWarnings expected)
    {
        Assert.True(CyclingPowerMeasurementCodec.TryDecode(Hex(hex), out var cp, out var error), error.Message);

        Assert.Equal(expected, cp.Warnings);
    }

    [Fact]
    public void Encode_AngleAboveUInt12_Throws()
    {
        var value = new CyclingPowerMeasurement { ExtremeAnglesDeg = new ExtremePair(4096, 0) };

        Assert.Throws<ArgumentOutOfRangeException>(() => CyclingPowerMeasurementCodec.Encode(value, new byte[16]));
    }

    [Fact]
    public void EncodeDecode_RandomValues_RoundTrip()
    {
        CyclingPowers.Sample(value =>
        {
            var buffer = new byte[CyclingPowerMeasurementCodec.MaxEncodedLength];
            var written = CyclingPowerMeasurementCodec.Encode(value, buffer);

            Assert.Equal(CyclingPowerMeasurementCodec.GetEncodedLength(value), written);
            Assert.True(CyclingPowerMeasurementCodec.TryDecode(buffer.AsSpan(0, written), out var back, out var error), error.Message);
            Assert.Equal(CyclingPowerMeasurementCodec.GetFlags(value), CyclingPowerMeasurementCodec.GetFlags(back));
            Assert.Equal(value.InstantaneousPowerW, back.InstantaneousPowerW);
            Assert.Equal(value.PedalPowerBalanceRaw, back.PedalPowerBalanceRaw);
            Assert.Equal(value.AccumulatedTorqueRaw, back.AccumulatedTorqueRaw);
            Assert.Equal(value.WheelRevolutions, back.WheelRevolutions);
            Assert.Equal(value.CrankRevolutions, back.CrankRevolutions);
            Assert.Equal(value.ExtremeForceMagnitudesN, back.ExtremeForceMagnitudesN);
            Assert.Equal(value.ExtremeTorqueMagnitudesRaw, back.ExtremeTorqueMagnitudesRaw);
            Assert.Equal(value.ExtremeAnglesDeg, back.ExtremeAnglesDeg);
            Assert.Equal(value.TopDeadSpotAngleDeg, back.TopDeadSpotAngleDeg);
            Assert.Equal(value.BottomDeadSpotAngleDeg, back.BottomDeadSpotAngleDeg);
            Assert.Equal(value.AccumulatedEnergyKj, back.AccumulatedEnergyKj);
            Assert.Equal(value.Warnings, back.Warnings);
        }, iter: 20_000);
    }
}
