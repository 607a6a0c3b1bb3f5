using System.Runtime.CompilerServices;

namespace MindMuscle.Live.Core.Gatt;

/// <summary>Heart Rate Measurement flag bits 1-2.</summary>
public enum SensorContactStatus
{
    /// <summary>Bit 2 clear: the sensor does not report skin contact (bit 1 is then meaningless).</summary>
    NotSupported = 0,
    SupportedNotDetected = 1,
    SupportedDetected = 2,
}

/// <summary>
/// A decoded Heart Rate Measurement (0x2A37). RR intervals are kept in their raw 1/1024 s unit.
/// </summary>
/// <remarks>
/// RR storage without the heap: the first <see cref="InlineRrCapacity"/> (9) intervals are copied into an inline buffer
/// — 9 is the most a 20-byte notification (default ATT MTU 23) can carry. <see cref="RrIntervalCount"/> is always the
/// full count the payload held; when it exceeds 9 (larger MTU) the value carries
/// <see cref="GattWarnings.RrIntervalsBeyondInlineCapacity"/> and the caller copies all of them from the payload with
/// <see cref="HeartRateMeasurementCodec.CopyRrIntervalsRaw"/>, which is also allocation-free.
/// </remarks>
public readonly struct HeartRateMeasurement
{
    public const int InlineRrCapacity = 9;

    private readonly RrBuffer _rr;

    /// <summary>A measurement without RR intervals (set the rest with the init properties).</summary>
    public HeartRateMeasurement()
    {
    }

    /// <summary>A measurement with up to <see cref="InlineRrCapacity"/> RR intervals in 1/1024 s.</summary>
    public HeartRateMeasurement(ReadOnlySpan<ushort> rrIntervalsRaw)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rrIntervalsRaw.Length, InlineRrCapacity, nameof(rrIntervalsRaw));
        rrIntervalsRaw.CopyTo(_rr);
        RrIntervalCount = rrIntervalsRaw.Length;
    }

    /// <summary>Decoder path: copies what fits inline, remembers the full count and where the RR field starts.</summary>
    internal HeartRateMeasurement(ReadOnlySpan<byte> rrBytes, int rrOffset)
    {
        var count = rrBytes.Length / 2;
        var inline = Math.Min(count, InlineRrCapacity);
        for (var i = 0; i < inline; i++)
        {
            _rr[i] = (ushort)(rrBytes[2 * i] | (rrBytes[(2 * i) + 1] << 8));
        }

        RrIntervalCount = count;
        RrIntervalsOffset = rrOffset;
    }

    /// <summary>Beats per minute (uint8 or uint16 on the wire, see <see cref="IsUInt16Format"/>).</summary>
    public ushort HeartRateBpm { get; init; }

    /// <summary>Flag bit 0: the value was (or will be) sent as uint16.</summary>
    public bool IsUInt16Format { get; init; }

    public SensorContactStatus SensorContact { get; init; }

    /// <summary>Flag bit 3: cumulative energy in kJ since the last reset, null when absent.</summary>
    public ushort? EnergyExpendedKj { get; init; }

    /// <summary>How many RR intervals the payload held (not only the inline ones).</summary>
    public int RrIntervalCount { get; }

    /// <summary>Byte offset of the first RR interval in the decoded payload; 0 for constructed values.</summary>
    public int RrIntervalsOffset { get; }

    /// <summary>How many RR intervals are held inline (at most <see cref="InlineRrCapacity"/>).</summary>
    public int InlineRrCount => Math.Min(RrIntervalCount, InlineRrCapacity);

    /// <summary>Flags bits seen on the wire beyond the documented fields (always 0: reserved bits are rejected).</summary>
    internal GattWarnings DecodeWarnings { get; init; }

    public GattWarnings Warnings
    {
        get
        {
            var w = DecodeWarnings;
            if (HeartRateBpm is 0 or > 250)
            {
                w |= GattWarnings.HeartRateOutOfRange;
            }

            if (RrIntervalCount > InlineRrCapacity)
            {
                w |= GattWarnings.RrIntervalsBeyondInlineCapacity;
            }

            for (var i = 0; i < InlineRrCount; i++)
            {
                var ms = RrRawToMs(_rr[i]);
                if (ms is < 200 or > 3000)
                {
                    w |= GattWarnings.RrIntervalOutOfRange;
                    break;
                }
            }

            return w;
        }
    }

    /// <summary>One inline RR interval in 1/1024 s.</summary>
    public ushort GetRrIntervalRaw(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, InlineRrCount);
        return _rr[index];
    }

    /// <summary>Copies the inline RR intervals (1/1024 s) into <paramref name="destination"/>; returns how many.</summary>
    public int CopyInlineRrIntervalsRaw(Span<ushort> destination)
    {
        var n = Math.Min(InlineRrCount, destination.Length);
        ReadOnlySpan<ushort> rr = _rr;
        rr[..n].CopyTo(destination);
        return n;
    }

    /// <summary>1/1024 s to milliseconds, exactly (1024 is a power of two, so the double is exact).</summary>
    public static double RrRawToMs(ushort raw) => raw * 1000.0 / 1024.0;

    [InlineArray(InlineRrCapacity)]
    private struct RrBuffer
    {
        private ushort _element0;
    }
}
