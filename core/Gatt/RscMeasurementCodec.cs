using System.Buffers.Binary;

namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// RSC Measurement 0x2A53 (Running Speed and Cadence Service RSCS v1.0 + GATT Specification Supplement):
/// flags uint8 | speed uint16 1/256 m/s | cadence uint8 1/min | stride length uint16 1/100 m (bit 0) |
/// total distance uint32 1/10 m (bit 1). Bit 2 is walking (0) / running (1); bits 3-7 are reserved and rejected.
/// </summary>
public static class RscMeasurementCodec
{
    public const byte FlagStrideLength = 0x01;
    public const byte FlagTotalDistance = 0x02;
    public const byte FlagRunning = 0x04;
    public const byte ReservedMask = 0xF8;
    public const int MaxEncodedLength = 1 + 2 + 1 + 2 + 4;

    public static bool TryDecode(ReadOnlySpan<byte> payload, out RscMeasurement value, out GattDecodeError error)
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

        if (!GattSpan.Has(payload, 1, 2, "instantaneous speed", out error)
            || !GattSpan.Has(payload, 3, 1, "instantaneous cadence", out error))
        {
            return false;
        }

        var speed = BinaryPrimitives.ReadUInt16LittleEndian(payload[1..]);
        var cadence = payload[3];
        var offset = 4;

        ushort? stride = null;
        if ((flags & FlagStrideLength) != 0)
        {
            if (!GattSpan.Has(payload, offset, 2, "stride length", out error))
            {
                return false;
            }

            stride = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]);
            offset += 2;
        }

        uint? distance = null;
        if ((flags & FlagTotalDistance) != 0)
        {
            if (!GattSpan.Has(payload, offset, 4, "total distance", out error))
            {
                return false;
            }

            distance = BinaryPrimitives.ReadUInt32LittleEndian(payload[offset..]);
            offset += 4;
        }

        value = new RscMeasurement
        {
            SpeedRaw = speed,
            CadenceRaw = cadence,
            StrideLengthRaw = stride,
            TotalDistanceRaw = distance,
            IsRunning = (flags & FlagRunning) != 0,
            DecodeWarnings = offset < payload.Length ? GattWarnings.TrailingBytes : GattWarnings.None,
        };
        return true;
    }

    public static int GetEncodedLength(in RscMeasurement value) =>
        4 + (value.StrideLengthRaw.HasValue ? 2 : 0) + (value.TotalDistanceRaw.HasValue ? 4 : 0);

    /// <summary>Writes the value and returns the bytes written; throws when the destination is too short.</summary>
    public static int Encode(in RscMeasurement value, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, GetEncodedLength(value), nameof(destination));

        destination[0] = (byte)((value.StrideLengthRaw.HasValue ? FlagStrideLength : 0)
            | (value.TotalDistanceRaw.HasValue ? FlagTotalDistance : 0)
            | (value.IsRunning ? FlagRunning : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], value.SpeedRaw);
        destination[3] = value.CadenceRaw;
        var offset = 4;
        if (value.StrideLengthRaw is { } stride)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], stride);
            offset += 2;
        }

        if (value.TotalDistanceRaw is { } distance)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], distance);
            offset += 4;
        }

        return offset;
    }
}
