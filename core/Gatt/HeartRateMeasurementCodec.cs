using System.Buffers.Binary;

namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// Heart Rate Measurement 0x2A37 (Heart Rate Service HRS v1.0 + GATT Specification Supplement):
/// flags uint8 | HR uint8 or uint16 (bit 0) | energy expended uint16 kJ (bit 3) | RR intervals uint16 1/1024 s (bit 4)
/// as many as the payload holds. Bits 1-2 are sensor contact; bits 5-7 are reserved and rejected.
/// </summary>
public static class HeartRateMeasurementCodec
{
    public const byte FlagUInt16 = 0x01;
    public const byte FlagContactDetected = 0x02;
    public const byte FlagContactSupported = 0x04;
    public const byte FlagEnergyExpended = 0x08;
    public const byte FlagRrIntervals = 0x10;
    public const byte ReservedMask = 0xE0;

    /// <summary>Largest encoding of a constructed value: flags, uint16 HR, energy, 9 RR intervals.</summary>
    public const int MaxEncodedLength = 1 + 2 + 2 + (2 * HeartRateMeasurement.InlineRrCapacity);

    /// <summary>Decodes without allocating; never throws. On false, <paramref name="value"/> is default.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out HeartRateMeasurement value, out GattDecodeError error)
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
        ushort hr;
        var is16 = (flags & FlagUInt16) != 0;
        if (is16)
        {
            if (!GattSpan.Has(payload, offset, 2, "heart rate value (uint16)", out error))
            {
                return false;
            }

            hr = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]);
            offset += 2;
        }
        else
        {
            if (!GattSpan.Has(payload, offset, 1, "heart rate value (uint8)", out error))
            {
                return false;
            }

            hr = payload[offset];
            offset += 1;
        }

        ushort? energy = null;
        if ((flags & FlagEnergyExpended) != 0)
        {
            if (!GattSpan.Has(payload, offset, 2, "energy expended", out error))
            {
                return false;
            }

            energy = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]);
            offset += 2;
        }

        var warnings = GattWarnings.None;
        HeartRateMeasurement rr;
        if ((flags & FlagRrIntervals) != 0)
        {
            // The flag promises at least one interval; an odd byte at the end is half an interval, not noise.
            var rest = payload.Length - offset;
            if (rest < 2 || rest % 2 != 0)
            {
                var at = offset + (rest / 2 * 2);
                error = GattDecodeError.Truncated("RR interval", at, 2, payload.Length - at);
                return false;
            }

            rr = new HeartRateMeasurement(payload[offset..], offset);
        }
        else
        {
            rr = new HeartRateMeasurement();
            if (offset < payload.Length)
            {
                warnings |= GattWarnings.TrailingBytes;
            }
        }

        value = rr with
        {
            HeartRateBpm = hr,
            IsUInt16Format = is16,
            SensorContact = (flags & FlagContactSupported) == 0
                ? SensorContactStatus.NotSupported
                : (flags & FlagContactDetected) != 0 ? SensorContactStatus.SupportedDetected : SensorContactStatus.SupportedNotDetected,
            EnergyExpendedKj = energy,
            DecodeWarnings = warnings,
        };
        error = default;
        return true;
    }

    /// <summary>
    /// Copies every RR interval (1/1024 s) of a decoded payload, also those beyond the inline nine. Returns how many were
    /// copied (bounded by <paramref name="destination"/>), 0 when the payload does not match the value.
    /// </summary>
    public static int CopyRrIntervalsRaw(in HeartRateMeasurement value, ReadOnlySpan<byte> payload, Span<ushort> destination)
    {
        var start = value.RrIntervalsOffset;
        if (value.RrIntervalCount == 0 || start <= 0 || start + (2 * value.RrIntervalCount) > payload.Length)
        {
            return value.CopyInlineRrIntervalsRaw(destination);
        }

        var n = Math.Min(value.RrIntervalCount, destination.Length);
        for (var i = 0; i < n; i++)
        {
            destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(payload[(start + (2 * i))..]);
        }

        return n;
    }

    public static int GetEncodedLength(in HeartRateMeasurement value) =>
        1 + (NeedsUInt16(value) ? 2 : 1) + (value.EnergyExpendedKj.HasValue ? 2 : 0) + (2 * value.InlineRrCount);

    /// <summary>
    /// Writes the value (with its inline RR intervals) and returns the bytes written. A bpm above 255 is written as
    /// uint16 even when <see cref="HeartRateMeasurement.IsUInt16Format"/> is false. Throws when the destination is short.
    /// </summary>
    public static int Encode(in HeartRateMeasurement value, Span<byte> destination)
    {
        var length = GetEncodedLength(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length, nameof(destination));

        var is16 = NeedsUInt16(value);
        var flags = (byte)((is16 ? FlagUInt16 : 0)
            | value.SensorContact switch
            {
                SensorContactStatus.SupportedDetected => FlagContactSupported | FlagContactDetected,
                SensorContactStatus.SupportedNotDetected => FlagContactSupported,
                _ => 0,
            }
            | (value.EnergyExpendedKj.HasValue ? FlagEnergyExpended : 0)
            | (value.InlineRrCount > 0 ? FlagRrIntervals : 0));

        destination[0] = flags;
        var offset = 1;
        if (is16)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], value.HeartRateBpm);
            offset += 2;
        }
        else
        {
            destination[offset++] = (byte)value.HeartRateBpm;
        }

        if (value.EnergyExpendedKj is { } energy)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], energy);
            offset += 2;
        }

        for (var i = 0; i < value.InlineRrCount; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], value.GetRrIntervalRaw(i));
            offset += 2;
        }

        return offset;
    }

    private static bool NeedsUInt16(in HeartRateMeasurement value) => value.IsUInt16Format || value.HeartRateBpm > byte.MaxValue;
}
