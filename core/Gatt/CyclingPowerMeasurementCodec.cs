using System.Buffers.Binary;

namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// Cycling Power Measurement 0x2A63 (Cycling Power Service CPS v1.1 + GATT Specification Supplement):
/// flags uint16 | power sint16 W | then, each when its flag is set and in this order: pedal power balance uint8 1/2 % (bit 0),
/// accumulated torque uint16 1/32 Nm (bit 2), wheel revolutions uint32 + last wheel event uint16 1/2048 s (bit 4),
/// crank revolutions uint16 + last crank event uint16 1/1024 s (bit 5), extreme forces sint16 max + min N (bit 6),
/// extreme torques sint16 max + min 1/32 Nm (bit 7), extreme angles uint12 max + uint12 min in 3 bytes (bit 8),
/// top dead spot uint16 deg (bit 9), bottom dead spot uint16 deg (bit 10), accumulated energy uint16 kJ (bit 11).
/// Bits 1, 3, 12 carry no field; bits 13-15 are reserved and rejected.
/// </summary>
public static class CyclingPowerMeasurementCodec
{
    public const ushort FlagPedalPowerBalance = 1 << 0;
    public const ushort FlagPedalPowerBalanceReference = 1 << 1;
    public const ushort FlagAccumulatedTorque = 1 << 2;
    public const ushort FlagAccumulatedTorqueSource = 1 << 3;
    public const ushort FlagWheelRevolutions = 1 << 4;
    public const ushort FlagCrankRevolutions = 1 << 5;
    public const ushort FlagExtremeForces = 1 << 6;
    public const ushort FlagExtremeTorques = 1 << 7;
    public const ushort FlagExtremeAngles = 1 << 8;
    public const ushort FlagTopDeadSpot = 1 << 9;
    public const ushort FlagBottomDeadSpot = 1 << 10;
    public const ushort FlagAccumulatedEnergy = 1 << 11;
    public const ushort FlagOffsetCompensation = 1 << 12;
    public const ushort ReservedMask = 0xE000;

    public const int MaxEncodedLength = 2 + 2 + 1 + 2 + 6 + 4 + 4 + 4 + 3 + 2 + 2 + 2;

    public static bool TryDecode(ReadOnlySpan<byte> payload, out CyclingPowerMeasurement value, out GattDecodeError error)
    {
        value = default;
        if (payload.IsEmpty)
        {
            error = GattDecodeError.Empty();
            return false;
        }

        if (!GattSpan.Has(payload, 0, 2, "flags", out error))
        {
            return false;
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        if ((flags & ReservedMask) != 0)
        {
            error = GattDecodeError.Reserved((uint)(flags & ReservedMask));
            return false;
        }

        if (!GattSpan.Has(payload, 2, 2, "instantaneous power", out error))
        {
            return false;
        }

        var power = BinaryPrimitives.ReadInt16LittleEndian(payload[2..]);
        var offset = 4;

        byte? balance = null;
        if ((flags & FlagPedalPowerBalance) != 0)
        {
            if (!GattSpan.Has(payload, offset, 1, "pedal power balance", out error))
            {
                return false;
            }

            balance = payload[offset++];
        }

        ushort? torque = null;
        if ((flags & FlagAccumulatedTorque) != 0)
        {
            if (!GattSpan.Has(payload, offset, 2, "accumulated torque", out error))
            {
                return false;
            }

            torque = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]);
            offset += 2;
        }

        WheelRevolutionData? wheel = null;
        if ((flags & FlagWheelRevolutions) != 0)
        {
            if (!GattSpan.Has(payload, offset, 6, "wheel revolution data", out error))
            {
                return false;
            }

            wheel = new WheelRevolutionData(
                BinaryPrimitives.ReadUInt32LittleEndian(payload[offset..]),
                BinaryPrimitives.ReadUInt16LittleEndian(payload[(offset + 4)..]));
            offset += 6;
        }

        CrankRevolutionData? crank = null;
        if ((flags & FlagCrankRevolutions) != 0)
        {
            if (!GattSpan.Has(payload, offset, 4, "crank revolution data", out error))
            {
                return false;
            }

            crank = new CrankRevolutionData(
                BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]),
                BinaryPrimitives.ReadUInt16LittleEndian(payload[(offset + 2)..]));
            offset += 4;
        }

        ExtremePair? forces = null;
        if ((flags & FlagExtremeForces) != 0)
        {
            if (!TryReadInt16Pair(payload, ref offset, "extreme force magnitudes", out forces, out error))
            {
                return false;
            }
        }

        ExtremePair? torques = null;
        if ((flags & FlagExtremeTorques) != 0)
        {
            if (!TryReadInt16Pair(payload, ref offset, "extreme torque magnitudes", out torques, out error))
            {
                return false;
            }
        }

        ExtremePair? angles = null;
        if ((flags & FlagExtremeAngles) != 0)
        {
            if (!GattSpan.Has(payload, offset, 3, "extreme angles", out error))
            {
                return false;
            }

            // Two uint12 packed little-endian: maximum in the low 12 bits, minimum in the high 12 bits of 24.
            var packed = payload[offset] | (payload[offset + 1] << 8) | (payload[offset + 2] << 16);
            angles = new ExtremePair(packed & 0xFFF, (packed >> 12) & 0xFFF);
            offset += 3;
        }

        if (!TryReadOptionalUInt16(payload, flags, FlagTopDeadSpot, ref offset, "top dead spot angle", out var top, out error)
            || !TryReadOptionalUInt16(payload, flags, FlagBottomDeadSpot, ref offset, "bottom dead spot angle", out var bottom, out error)
            || !TryReadOptionalUInt16(payload, flags, FlagAccumulatedEnergy, ref offset, "accumulated energy", out var energy, out error))
        {
            return false;
        }

        value = new CyclingPowerMeasurement
        {
            InstantaneousPowerW = power,
            PedalPowerBalanceRaw = balance,
            PedalPowerBalanceReferenceLeft = (flags & FlagPedalPowerBalanceReference) != 0,
            AccumulatedTorqueRaw = torque,
            AccumulatedTorqueCrankBased = (flags & FlagAccumulatedTorqueSource) != 0,
            WheelRevolutions = wheel,
            CrankRevolutions = crank,
            ExtremeForceMagnitudesN = forces,
            ExtremeTorqueMagnitudesRaw = torques,
            ExtremeAnglesDeg = angles,
            TopDeadSpotAngleDeg = top,
            BottomDeadSpotAngleDeg = bottom,
            AccumulatedEnergyKj = energy,
            OffsetCompensationIndicator = (flags & FlagOffsetCompensation) != 0,
            DecodeWarnings = offset < payload.Length ? GattWarnings.TrailingBytes : GattWarnings.None,
        };
        return true;
    }

    public static ushort GetFlags(in CyclingPowerMeasurement value) => (ushort)(
        (value.PedalPowerBalanceRaw.HasValue ? FlagPedalPowerBalance : 0)
        | (value.PedalPowerBalanceReferenceLeft ? FlagPedalPowerBalanceReference : 0)
        | (value.AccumulatedTorqueRaw.HasValue ? FlagAccumulatedTorque : 0)
        | (value.AccumulatedTorqueCrankBased ? FlagAccumulatedTorqueSource : 0)
        | (value.WheelRevolutions.HasValue ? FlagWheelRevolutions : 0)
        | (value.CrankRevolutions.HasValue ? FlagCrankRevolutions : 0)
        | (value.ExtremeForceMagnitudesN.HasValue ? FlagExtremeForces : 0)
        | (value.ExtremeTorqueMagnitudesRaw.HasValue ? FlagExtremeTorques : 0)
        | (value.ExtremeAnglesDeg.HasValue ? FlagExtremeAngles : 0)
        | (value.TopDeadSpotAngleDeg.HasValue ? FlagTopDeadSpot : 0)
        | (value.BottomDeadSpotAngleDeg.HasValue ? FlagBottomDeadSpot : 0)
        | (value.AccumulatedEnergyKj.HasValue ? FlagAccumulatedEnergy : 0)
        | (value.OffsetCompensationIndicator ? FlagOffsetCompensation : 0));

    public static int GetEncodedLength(in CyclingPowerMeasurement value) =>
        4
        + (value.PedalPowerBalanceRaw.HasValue ? 1 : 0)
        + (value.AccumulatedTorqueRaw.HasValue ? 2 : 0)
        + (value.WheelRevolutions.HasValue ? 6 : 0)
        + (value.CrankRevolutions.HasValue ? 4 : 0)
        + (value.ExtremeForceMagnitudesN.HasValue ? 4 : 0)
        + (value.ExtremeTorqueMagnitudesRaw.HasValue ? 4 : 0)
        + (value.ExtremeAnglesDeg.HasValue ? 3 : 0)
        + (value.TopDeadSpotAngleDeg.HasValue ? 2 : 0)
        + (value.BottomDeadSpotAngleDeg.HasValue ? 2 : 0)
        + (value.AccumulatedEnergyKj.HasValue ? 2 : 0);

    /// <summary>
    /// Writes the value and returns the bytes written. Throws when the destination is too short, when an extreme force
    /// or torque does not fit sint16, or when an extreme angle does not fit uint12 (programming errors, not sensor data).
    /// </summary>
    public static int Encode(in CyclingPowerMeasurement value, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, GetEncodedLength(value), nameof(destination));

        BinaryPrimitives.WriteUInt16LittleEndian(destination, GetFlags(value));
        BinaryPrimitives.WriteInt16LittleEndian(destination[2..], value.InstantaneousPowerW);
        var offset = 4;
        if (value.PedalPowerBalanceRaw is { } balance)
        {
            destination[offset++] = balance;
        }

        if (value.AccumulatedTorqueRaw is { } torque)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], torque);
            offset += 2;
        }

        if (value.WheelRevolutions is { } wheel)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], wheel.Revolutions);
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(offset + 4)..], wheel.LastEventTime2048);
            offset += 6;
        }

        if (value.CrankRevolutions is { } crank)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], crank.Revolutions);
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(offset + 2)..], crank.LastEventTime1024);
            offset += 4;
        }

        if (value.ExtremeForceMagnitudesN is { } forces)
        {
            WriteInt16Pair(destination, ref offset, forces);
        }

        if (value.ExtremeTorqueMagnitudesRaw is { } torques)
        {
            WriteInt16Pair(destination, ref offset, torques);
        }

        if (value.ExtremeAnglesDeg is { } angles)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)angles.Maximum, 0xFFFu, nameof(value));
            ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)angles.Minimum, 0xFFFu, nameof(value));
            var packed = angles.Maximum | (angles.Minimum << 12);
            destination[offset] = (byte)packed;
            destination[offset + 1] = (byte)(packed >> 8);
            destination[offset + 2] = (byte)(packed >> 16);
            offset += 3;
        }

        WriteOptionalUInt16(destination, ref offset, value.TopDeadSpotAngleDeg);
        WriteOptionalUInt16(destination, ref offset, value.BottomDeadSpotAngleDeg);
        WriteOptionalUInt16(destination, ref offset, value.AccumulatedEnergyKj);
        return offset;
    }

    private static bool TryReadInt16Pair(
        ReadOnlySpan<byte> payload, ref int offset, string field, out ExtremePair? pair, out GattDecodeError error)
    {
        pair = null;
        if (!GattSpan.Has(payload, offset, 4, field, out error))
        {
            return false;
        }

        pair = new ExtremePair(
            BinaryPrimitives.ReadInt16LittleEndian(payload[offset..]),
            BinaryPrimitives.ReadInt16LittleEndian(payload[(offset + 2)..]));
        offset += 4;
        return true;
    }

    private static bool TryReadOptionalUInt16(
        ReadOnlySpan<byte> payload, ushort flags, ushort flag, ref int offset, string field, out ushort? value, out GattDecodeError error)
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

    private static void WriteInt16Pair(Span<byte> destination, ref int offset, ExtremePair pair)
    {
        BinaryPrimitives.WriteInt16LittleEndian(destination[offset..], checked((short)pair.Maximum));
        BinaryPrimitives.WriteInt16LittleEndian(destination[(offset + 2)..], checked((short)pair.Minimum));
        offset += 4;
    }

    private static void WriteOptionalUInt16(Span<byte> destination, ref int offset, ushort? value)
    {
        if (value is { } v)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], v);
            offset += 2;
        }
    }
}
