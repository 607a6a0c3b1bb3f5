using CsCheck;
using MindMuscle.Live.Core.Gatt;
using static MindMuscle.Live.Core.Tests.Gatt.GattTestData;

namespace MindMuscle.Live.Core.Tests.Gatt;

/// <summary>
/// Sources: Bluetooth SIG Heart Rate Service HRS_SPEC v1.0 §3.1 and the GATT Specification Supplement (Heart Rate
/// Measurement): flags uint8; bit 0 HR uint8/uint16; bits 1-2 sensor contact; bit 3 energy expended uint16 kJ; bit 4
/// RR intervals uint16 1/1024 s; bits 5-7 RFU. Public vectors: movisens/SmartGattLib HeartRateMeasurementTest
/// ("16485401EC02": 72 bpm, worn, RR 340 and 748 /1024 s), Nordic nRF Toolbox HRSDataParserTest ("0064": 100 bpm),
/// and the relay CLI's documented example ("16 3c 00 04").
/// </summary>
public sealed class HeartRateMeasurementCodecTests
{
    [Fact]
    public void TryDecode_MovisensVector_DecodesHrContactAndTwoRrIntervals()
    {
        var payload = Hex("16485401EC02");

        var ok = HeartRateMeasurementCodec.TryDecode(payload, out var hr, out _);

        Assert.True(ok);
        Assert.Equal(72, hr.HeartRateBpm);
        Assert.Equal(SensorContactStatus.SupportedDetected, hr.SensorContact);
        Assert.Null(hr.EnergyExpendedKj);
        Assert.Equal(2, hr.RrIntervalCount);
        Assert.Equal(340, hr.GetRrIntervalRaw(0));
        Assert.Equal(748, hr.GetRrIntervalRaw(1));
        Assert.Equal(332.03125, HeartRateMeasurement.RrRawToMs(hr.GetRrIntervalRaw(0)));
        Assert.Equal(730.46875, HeartRateMeasurement.RrRawToMs(hr.GetRrIntervalRaw(1)));
        Assert.Equal(GattWarnings.None, hr.Warnings);
    }

    [Fact]
    public void TryDecode_NordicUInt8Vector_Decodes100BpmWithoutExtras()
    {
        var ok = HeartRateMeasurementCodec.TryDecode(Hex("0064"), out var hr, out _);

        Assert.True(ok);
        Assert.Equal(100, hr.HeartRateBpm);
        Assert.False(hr.IsUInt16Format);
        Assert.Equal(SensorContactStatus.NotSupported, hr.SensorContact);
        Assert.Equal(0, hr.RrIntervalCount);
    }

    [Fact]
    public void TryDecode_IssueExample_Decodes60BpmAndOneSecondRr()
    {
        var ok = HeartRateMeasurementCodec.TryDecode(Hex("163c0004"), out var hr, out _);

        Assert.True(ok);
        Assert.Equal(60, hr.HeartRateBpm);
        Assert.Equal(1024, hr.GetRrIntervalRaw(0));
        Assert.Equal(1000.0, HeartRateMeasurement.RrRawToMs(hr.GetRrIntervalRaw(0)));
    }

    [Fact]
    public void TryDecode_UInt16WithEnergy_ReadsLittleEndian()
    {
        // flags 0x09: uint16 HR + energy; HR 0x00B4 = 180; energy 0x0123 = 291 kJ.
        var ok = HeartRateMeasurementCodec.TryDecode(Hex("09 b4 00 23 01"), out var hr, out _);

        Assert.True(ok);
        Assert.True(hr.IsUInt16Format);
        Assert.Equal(180, hr.HeartRateBpm);
        Assert.Equal((ushort)291, hr.EnergyExpendedKj);
    }

    /// <summary>All 32 combinations of flag bits 0-4, from bytes built by hand here (not by the encoder).</summary>
    [Theory]
    [MemberData(nameof(AllFlagCombinations))]
    public void TryDecode_EveryFlagCombination_DecodesEachFieldAndReencodesIdentically(byte flags)
    {
        var bytes = new List<byte> { flags };
        var is16 = (flags & 0x01) != 0;
        if (is16)
        {
            bytes.AddRange([0x2C, 0x01]); // 300 bpm: impossible, but a valid uint16
        }
        else
        {
            bytes.Add(150);
        }

        if ((flags & 0x08) != 0)
        {
            bytes.AddRange([0x10, 0x27]); // 10000 kJ
        }

        if ((flags & 0x10) != 0)
        {
            bytes.AddRange([0x00, 0x02, 0x9A, 0x01]); // 512 and 410 /1024 s
        }

        var ok = HeartRateMeasurementCodec.TryDecode(bytes.ToArray(), out var hr, out var error);

        Assert.True(ok, error.Message);
        Assert.Equal(is16 ? 300 : 150, hr.HeartRateBpm);
        Assert.Equal(is16, hr.IsUInt16Format);
        var expectedContact = (flags & 0x04) == 0 ? SensorContactStatus.NotSupported
            : (flags & 0x02) != 0 ? SensorContactStatus.SupportedDetected : SensorContactStatus.SupportedNotDetected;
        Assert.Equal(expectedContact, hr.SensorContact);
        Assert.Equal((flags & 0x08) != 0 ? 10000 : null, (int?)hr.EnergyExpendedKj);
        Assert.Equal((flags & 0x10) != 0 ? 2 : 0, hr.RrIntervalCount);
        Assert.Equal(is16, hr.Warnings.HasFlag(GattWarnings.HeartRateOutOfRange));

        var reencoded = new byte[HeartRateMeasurementCodec.MaxEncodedLength];
        var written = HeartRateMeasurementCodec.Encode(hr, reencoded);

        // Bit 1 without bit 2 means "contact not supported"; the encoder writes that as both bits clear.
        var expected = bytes.ToArray();
        if ((flags & 0x06) == 0x02)
        {
            expected[0] &= 0xFD;
        }

        Assert.Equal(expected, reencoded[..written]);
    }

    public static TheoryData<byte> AllFlagCombinations()
    {
        var data = new TheoryData<byte>();
        for (var f = 0; f < 32; f++)
        {
            data.Add((byte)f);
        }

        return data;
    }

    [Theory]
    [InlineData("", GattDecodeErrorCode.EmptyPayload, "empty payload")]
    [InlineData("00", GattDecodeErrorCode.Truncated, "truncated: heart rate value (uint8) at byte 1 needs 1 byte, 0 left")]
    [InlineData("01 3c", GattDecodeErrorCode.Truncated, "truncated: heart rate value (uint16) at byte 1 needs 2 bytes, 1 left")]
    [InlineData("08 3c 01", GattDecodeErrorCode.Truncated, "truncated: energy expended at byte 2 needs 2 bytes, 1 left")]
    [InlineData("11 3c 00 00 04 05", GattDecodeErrorCode.Truncated, "truncated: RR interval at byte 5 needs 2 bytes, 1 left")]
    [InlineData("10 3c", GattDecodeErrorCode.Truncated, "truncated: RR interval at byte 2 needs 2 bytes, 0 left")]
    [InlineData("60 3c", GattDecodeErrorCode.ReservedFlagBits, "reserved flag bits set: 0x60")]
    [InlineData("80 3c", GattDecodeErrorCode.ReservedFlagBits, "reserved flag bits set: 0x80")]
    public void TryDecode_MalformedPayload_ReturnsTypedErrorWithMessage(string hex, GattDecodeErrorCode code, string message)
    {
        var ok = HeartRateMeasurementCodec.TryDecode(Hex(hex), out var hr, out var error);

        Assert.False(ok);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal(0, hr.HeartRateBpm);
    }

    [Theory]
    [InlineData("0000", true)]
    [InlineData("0001", false)]
    [InlineData("00fa", false)]
    [InlineData("00fb", true)]
    [InlineData("01ffff", true)]
    public void TryDecode_HeartRateBoundaries_FlagsOnlyImpossibleValues(string hex, bool flagged)
    {
        HeartRateMeasurementCodec.TryDecode(Hex(hex), out var hr, out _);

        Assert.Equal(flagged, hr.Warnings.HasFlag(GattWarnings.HeartRateOutOfRange));
    }

    [Fact]
    public void TryDecode_UInt16Max_KeepsFullValue()
    {
        HeartRateMeasurementCodec.TryDecode(Hex("01ffff"), out var hr, out _);

        Assert.Equal(ushort.MaxValue, hr.HeartRateBpm);
    }

    [Theory]
    [InlineData(204, true)] // 199.2 ms
    [InlineData(205, false)] // 200.2 ms
    [InlineData(3072, false)] // 3000 ms
    [InlineData(3073, true)]
    [InlineData(100, true)]
    public void TryDecode_RrBoundaries_FlagsOutOfRange(int raw, bool flagged)
    {
        byte[] payload = [0x10, 60, (byte)raw, (byte)(raw >> 8)];

        HeartRateMeasurementCodec.TryDecode(payload, out var hr, out _);

        Assert.Equal(flagged, hr.Warnings.HasFlag(GattWarnings.RrIntervalOutOfRange));
    }

    [Fact]
    public void TryDecode_MaxRrInTwentyBytes_HoldsNineInline()
    {
        var payload = new byte[20];
        payload[0] = 0x10;
        payload[1] = 60;
        for (var i = 0; i < 9; i++)
        {
            payload[2 + (2 * i)] = (byte)(800 + i);
            payload[3 + (2 * i)] = (byte)((800 + i) >> 8);
        }

        var ok = HeartRateMeasurementCodec.TryDecode(payload, out var hr, out _);

        Assert.True(ok);
        Assert.Equal(9, hr.RrIntervalCount);
        Assert.Equal(9, hr.InlineRrCount);
        Assert.Equal(808, hr.GetRrIntervalRaw(8));
        Assert.False(hr.Warnings.HasFlag(GattWarnings.RrIntervalsBeyondInlineCapacity));
    }

    [Fact]
    public void TryDecode_LongPayloadBeyondInline_CountsAllAndCopiesAllFromPayload()
    {
        const int count = 30;
        var payload = new byte[2 + (2 * count)];
        payload[0] = 0x10;
        payload[1] = 60;
        for (var i = 0; i < count; i++)
        {
            payload[2 + (2 * i)] = (byte)(700 + i);
            payload[3 + (2 * i)] = (byte)((700 + i) >> 8);
        }

        var ok = HeartRateMeasurementCodec.TryDecode(payload, out var hr, out _);
        var all = new ushort[count];
        var copied = HeartRateMeasurementCodec.CopyRrIntervalsRaw(hr, payload, all);

        Assert.True(ok);
        Assert.Equal(count, hr.RrIntervalCount);
        Assert.Equal(HeartRateMeasurement.InlineRrCapacity, hr.InlineRrCount);
        Assert.True(hr.Warnings.HasFlag(GattWarnings.RrIntervalsBeyondInlineCapacity));
        Assert.Equal(count, copied);
        Assert.Equal(Enumerable.Range(700, count).Select(v => (ushort)v), all);
    }

    [Fact]
    public void TryDecode_TrailingBytesWithoutRrFlag_DecodesAndWarns()
    {
        var ok = HeartRateMeasurementCodec.TryDecode(Hex("00 3c ff"), out var hr, out _);

        Assert.True(ok);
        Assert.Equal(60, hr.HeartRateBpm);
        Assert.True(hr.Warnings.HasFlag(GattWarnings.TrailingBytes));
    }

    [Fact]
    public void Encode_Above255WithoutUInt16Flag_WritesUInt16()
    {
        var value = new HeartRateMeasurement { HeartRateBpm = 300 };
        var buffer = new byte[8];

        var written = HeartRateMeasurementCodec.Encode(value, buffer);

        Assert.Equal(Hex("01 2c 01"), buffer[..written]);
    }

    [Fact]
    public void Encode_DestinationTooShort_Throws()
    {
        var value = new HeartRateMeasurement { HeartRateBpm = 60, EnergyExpendedKj = 1 };

        Assert.Throws<ArgumentOutOfRangeException>(() => HeartRateMeasurementCodec.Encode(value, new byte[3]));
    }

    [Fact]
    public void EncodeDecode_RandomValues_RoundTrip()
    {
        HeartRates.Sample(value =>
        {
            var buffer = new byte[HeartRateMeasurementCodec.MaxEncodedLength];
            var written = HeartRateMeasurementCodec.Encode(value, buffer);

            Assert.True(HeartRateMeasurementCodec.TryDecode(buffer.AsSpan(0, written), out var back, out var error), error.Message);
            Assert.Equal(value.HeartRateBpm, back.HeartRateBpm);
            Assert.Equal(value.IsUInt16Format || value.HeartRateBpm > 255, back.IsUInt16Format);
            Assert.Equal(value.SensorContact, back.SensorContact);
            Assert.Equal(value.EnergyExpendedKj, back.EnergyExpendedKj);
            Assert.Equal(value.RrIntervalCount, back.RrIntervalCount);
            for (var i = 0; i < value.RrIntervalCount; i++)
            {
                Assert.Equal(value.GetRrIntervalRaw(i), back.GetRrIntervalRaw(i));
            }

            Assert.Equal(value.Warnings, back.Warnings);
        }, iter: 20_000);
    }

    [Fact]
    public void DecodeEncode_RandomAcceptedPayloads_ReproduceTheBytes()
    {
        Payloads.Sample(payload =>
        {
            if (!HeartRateMeasurementCodec.TryDecode(payload, out var value, out _)
                || value.RrIntervalCount > HeartRateMeasurement.InlineRrCapacity
                || value.Warnings.HasFlag(GattWarnings.TrailingBytes)
                || (payload[0] & 0x06) == 0x02)
            {
                return; // not representable byte for byte: covered by the dedicated tests above
            }

            var buffer = new byte[HeartRateMeasurementCodec.MaxEncodedLength];
            var written = HeartRateMeasurementCodec.Encode(value, buffer);

            Assert.Equal(payload, buffer[..written]);
        }, iter: 20_000);
    }
}
