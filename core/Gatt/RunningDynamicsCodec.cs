using System.Buffers.Binary;

namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// Our vendor Running Dynamics characteristic <see cref="GattUuids.RunningDynamics"/> (docs/gatt.md): flags uint8 |
/// ground contact time uint16 ms (bit 0) | vertical oscillation uint16 1/10 mm (bit 1) | ground contact balance uint16
/// 1/100 % left (bit 2). Bits 3-7 are reserved and rejected, as in the SIG characteristics.
/// </summary>
public static class RunningDynamicsCodec
{
    public const byte FlagGroundContact = 0x01;
    public const byte FlagVerticalOscillation = 0x02;
    public const byte FlagGctBalance = 0x04;
    public const byte ReservedMask = 0xF8;
    public const int MaxEncodedLength = 1 + 2 + 2 + 2;

    public static bool TryDecode(ReadOnlySpan<byte> payload, out RunningDynamicsMeasurement value, out GattDecodeError error)
    {
        value = default;
        if (payload.IsEmpty)
        {
            error = GattDecodeError.Empty();
            return false;
        }

        var flags = payload[0];
        if ((flags & ReservedMask) != 0)
        {
            error = GattDecodeError.Reserved((uint)(flags & ReservedMask));
            return false;
        }

        var offset = 1;
        if (!TryRead(payload, flags, FlagGroundContact, ref offset, "ground contact time", out var gct, out error)
            || !TryRead(payload, flags, FlagVerticalOscillation, ref offset, "vertical oscillation", out var vo, out error)
            || !TryRead(payload, flags, FlagGctBalance, ref offset, "ground contact balance", out var balance, out error))
        {
            return false;
        }

        value = new RunningDynamicsMeasurement
        {
            GroundContactMs = gct,
            VerticalOscillationRaw = vo,
            GctBalanceLeftRaw = balance,
            DecodeWarnings = offset < payload.Length ? GattWarnings.TrailingBytes : GattWarnings.None,
        };
        return true;
    }

    public static int GetEncodedLength(in RunningDynamicsMeasurement value) =>
        1 + (value.GroundContactMs.HasValue ? 2 : 0) + (value.VerticalOscillationRaw.HasValue ? 2 : 0)
        + (value.GctBalanceLeftRaw.HasValue ? 2 : 0);

    public static int Encode(in RunningDynamicsMeasurement value, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, GetEncodedLength(value), nameof(destination));
        destination[0] = (byte)((value.GroundContactMs.HasValue ? FlagGroundContact : 0)
            | (value.VerticalOscillationRaw.HasValue ? FlagVerticalOscillation : 0)
            | (value.GctBalanceLeftRaw.HasValue ? FlagGctBalance : 0));
        var offset = 1;
        Write(destination, ref offset, value.GroundContactMs);
        Write(destination, ref offset, value.VerticalOscillationRaw);
        Write(destination, ref offset, value.GctBalanceLeftRaw);
        return offset;
    }

    private static bool TryRead(
        ReadOnlySpan<byte> payload, byte flags, byte flag, ref int offset, string field, out ushort? value, out GattDecodeError error)
    {
        value = null;
        error = default;
        if ((flags & flag) == 0)
        {
            return true;
        }

        if (!GattSpan.Has(payload, offset, 2, field, out error))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]);
        offset += 2;
        return true;
    }

    private static void Write(Span<byte> destination, ref int offset, ushort? value)
    {
        if (value is { } v)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], v);
            offset += 2;
        }
    }
}
