using CsCheck;
using MindMuscle.Live.TestKit.Faults;

namespace MindMuscle.Live.Faults.Tests.Gatt;

/// <summary>
/// Structured GATT payloads: flags the specification allows followed by exactly the fields they announce, then mutated
/// (kept, truncated, extended or bit-flipped, which also sets reserved flag bits), mixed with raw random bytes. The
/// well-formed core reaches the deep fields that raw bytes rarely do; the mutations hit every boundary around them.
/// </summary>
internal static class GattPayloadGen
{
    /// <summary>Raw bytes, 0 to 64 long; short ones are frequent so the first bounds checks are hit.</summary>
    public static readonly Gen<byte[]> Raw = Gen.Frequency(
        (3, Gen.Byte.Array[0, 6]),
        (2, Gen.Byte.Array[6, 24]),
        (1, Gen.Byte.Array[24, 64]));

    public static Gen<byte[]> For(GattFuzzTarget target) => target switch
    {
        GattFuzzTarget.SampleDecoder => SampleDecoderInputs,
        _ => Gen.Frequency((4, Mutate(WellFormed(target))), (1, Raw)),
    };

    /// <summary>A payload whose length matches its flags exactly.</summary>
    public static Gen<byte[]> WellFormed(GattFuzzTarget target) => target switch
    {
        GattFuzzTarget.HeartRate =>
            Gen.Select(Gen.Byte[0, 0x1F], Gen.Int[1, 12]).SelectMany((flags, rr) =>
                Body([flags], HeartRateLength(flags, rr) - 1)),
        GattFuzzTarget.Rsc =>
            Gen.Byte[0, 0x07].SelectMany(flags => Body([flags], RscLength(flags) - 1)),
        GattFuzzTarget.CyclingPower =>
            Gen.UShort[0, 0x1FFF].SelectMany(flags => Body([(byte)flags, (byte)(flags >> 8)], CyclingPowerLength(flags) - 2)),
        GattFuzzTarget.RunningDynamics =>
            Gen.Byte[0, 0x07].SelectMany(flags => Body([flags], RunningDynamicsLength(flags) - 1)),
        GattFuzzTarget.Battery or GattFuzzTarget.BodySensorLocation => Gen.Byte.Array[1],
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, null),
    };

    /// <summary>Layout of 0x2A37: flags, HR uint8/uint16, energy uint16 (bit 3), RR uint16 × n (bit 4).</summary>
    public static int HeartRateLength(byte flags, int rrCount) =>
        1 + ((flags & 0x01) != 0 ? 2 : 1) + ((flags & 0x08) != 0 ? 2 : 0) + ((flags & 0x10) != 0 ? 2 * rrCount : 0);

    /// <summary>Layout of 0x2A53: flags, speed uint16, cadence uint8, stride uint16 (bit 0), distance uint32 (bit 1).</summary>
    public static int RscLength(byte flags) => 4 + ((flags & 0x01) != 0 ? 2 : 0) + ((flags & 0x02) != 0 ? 4 : 0);

    /// <summary>Layout of 0x2A63: flags uint16, power sint16, then the optional fields in flag order.</summary>
    public static int CyclingPowerLength(ushort flags)
    {
        ReadOnlySpan<(int Bit, int Size)> fields = [(0, 1), (2, 2), (4, 6), (5, 4), (6, 4), (7, 4), (8, 3), (9, 2), (10, 2), (11, 2)];
        var length = 4;
        foreach (var (bit, size) in fields)
        {
            length += (flags & (1 << bit)) != 0 ? size : 0;
        }

        return length;
    }

    /// <summary>Layout of our vendor running dynamics: flags, then a uint16 per bit 0-2.</summary>
    public static int RunningDynamicsLength(byte flags) => 1 + (2 * int.PopCount(flags & 0x07));

    /// <summary>Keeps the payload (2 in 5), truncates it, extends it, or flips one bit anywhere (flags included).</summary>
    public static Gen<byte[]> Mutate(Gen<byte[]> payloads) =>
        Gen.Select(payloads, Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 8]).Select((payload, kind, pick, tail) =>
            kind switch
            {
                1 => payload[..(pick % payload.Length)],
                2 => [.. payload, .. tail],
                3 => FlipBit(payload, pick),
                _ => payload,
            });

    /// <summary>Selector byte (characteristic in bits 0-2, normalizer in bits 3-4) + a payload shaped for that characteristic.</summary>
    private static readonly Gen<byte[]> SampleDecoderInputs =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 3]).SelectMany((characteristic, normalizer) =>
            (characteristic < 6 ? For((GattFuzzTarget)characteristic) : Raw)
                .Select(payload => (byte[])[(byte)(characteristic | (normalizer << 3)), .. payload]));

    private static Gen<byte[]> Body(byte[] head, int bodyLength) =>
        Gen.Byte.Array[bodyLength].Select(body => (byte[])[.. head, .. body]);

    private static byte[] FlipBit(byte[] payload, int pick)
    {
        var copy = (byte[])payload.Clone();
        var bit = pick % (copy.Length * 8);
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
