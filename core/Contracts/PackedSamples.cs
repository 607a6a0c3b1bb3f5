using System.Buffers.Binary;
using System.Text;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Contracts;

/// <summary>
/// A <see cref="SamplesFrame"/> as one compact little-endian block (hub -> coach <c>SamplesPacked</c>), read back with
/// span reads and no general serializer: a page in the browser's interpreter pays per decoded field, and a MessagePack
/// map with string keys costs it far more than these fixed offsets. Layout in docs/protocol.md ("Packed samples").
/// </summary>
public static class PackedSamples
{
    /// <summary>The layout this code writes and reads; a reader refuses any other.</summary>
    public const byte Version = 1;

    private const int MaxText = ushort.MaxValue;
    private const int SampleFixedBytes = 8 + 8 + 2; // seq, observedAt, field mask

    /// <summary>Encodes <paramref name="frame"/>; every <see cref="MetricSample"/> field survives the round trip.</summary>
    /// <exception cref="ArgumentException">An id longer than 65,535 UTF-8 bytes, over 65,535 runners or 65,535 RR intervals in a sample.</exception>
    public static byte[] Write(SamplesFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Runners.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"A packed frame holds at most {ushort.MaxValue} runners; this one has {frame.Runners.Length}.", nameof(frame));
        }

        var size = 1 + TextSize(frame.SessionId) + 4 + 2;
        foreach (var group in frame.Runners)
        {
            size += TextSize(group.RunnerId) + 4;
            foreach (var sample in group.Samples)
            {
                size += SampleSize(sample);
            }
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        var at = 1;
        at += WriteText(span[at..], frame.SessionId);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], frame.Dropped);
        at += 4;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)frame.Runners.Length);
        at += 2;
        foreach (var group in frame.Runners)
        {
            at += WriteText(span[at..], group.RunnerId);
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], group.Samples.Length);
            at += 4;
            foreach (var sample in group.Samples)
            {
                at += WriteSample(span[at..], sample);
            }
        }

        return buffer;
    }

    /// <summary>Decodes a block made by <see cref="Write"/>.</summary>
    /// <exception cref="PackedSamplesException">Another version, a truncated or malformed block, or bytes left over.</exception>
    public static SamplesFrame Read(ReadOnlySpan<byte> block)
    {
        var reader = new Reader(block);
        var version = reader.Byte();
        if (version != Version)
        {
            throw new PackedSamplesException(PackedSamplesError.UnknownVersion,
                $"Packed samples version {version} is not known to this page (it reads version {Version}): reload the page to get the hub's current app.");
        }

        var sessionId = reader.Text();
        var dropped = reader.Int32();
        var runners = new RunnerSamples[reader.UInt16()];
        for (var r = 0; r < runners.Length; r++)
        {
            var runnerId = reader.Text();
            var count = reader.Int32();
            if (count < 0 || (long)count * SampleFixedBytes > reader.Remaining)
            {
                throw new PackedSamplesException(PackedSamplesError.Malformed, $"Runner {runnerId} claims {count} samples, more than the {reader.Remaining} bytes left can hold.");
            }

            var samples = new MetricSample[count];
            for (var s = 0; s < count; s++)
            {
                samples[s] = ReadSample(ref reader);
            }

            runners[r] = new RunnerSamples { RunnerId = runnerId, Samples = samples };
        }

        if (reader.Remaining != 0)
        {
            throw new PackedSamplesException(PackedSamplesError.Malformed, $"{reader.Remaining} bytes left over after the last runner.");
        }

        return new SamplesFrame { SessionId = sessionId, Runners = runners, Dropped = dropped };
    }

    private static int TextSize(string text)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes <= MaxText
            ? 2 + bytes
            : throw new ArgumentException($"An id of {bytes} UTF-8 bytes does not fit a packed frame (at most {MaxText}).", nameof(text));
    }

    private static int WriteText(Span<byte> span, string text)
    {
        var length = Encoding.UTF8.GetBytes(text, span[2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)length);
        return 2 + length;
    }

    // Sized from the fields themselves: WriteSample derives the mask, so each sample's mask is computed once per Write.
    private static int SampleSize(MetricSample sample)
    {
        var size = SampleFixedBytes;
        size += sample.HeartRateBpm is not null ? 4 : 0;
        if (sample.RrIntervalsMs is { } rr)
        {
            size += rr.Length <= ushort.MaxValue
                ? 2 + (8 * rr.Length)
                : throw new ArgumentException($"A sample with {rr.Length} RR intervals does not fit a packed frame (at most {ushort.MaxValue}).", nameof(sample));
        }

        size += Eight(sample.CadenceSpm) + Eight(sample.SpeedMps) + Eight(sample.StrideLengthM) + Eight(sample.DistanceM)
            + Eight(sample.GroundContactMs) + Eight(sample.VerticalOscillationCm) + Eight(sample.GctBalanceLeftPct);
        size += sample.PowerW is not null ? 4 : 0;
        size += sample.BatteryPct is not null ? 4 : 0;
        return size;
    }

    private static int Eight(double? value) => value is not null ? 8 : 0;

    private static Field MaskOf(MetricSample s)
    {
        var mask = Field.None;
        mask |= s.HeartRateBpm is not null ? Field.HeartRate : 0;
        mask |= s.RrIntervalsMs is not null ? Field.RrIntervals : 0;
        mask |= s.CadenceSpm is not null ? Field.Cadence : 0;
        mask |= s.SpeedMps is not null ? Field.Speed : 0;
        mask |= s.StrideLengthM is not null ? Field.Stride : 0;
        mask |= s.DistanceM is not null ? Field.Distance : 0;
        mask |= s.PowerW is not null ? Field.Power : 0;
        mask |= s.GroundContactMs is not null ? Field.GroundContact : 0;
        mask |= s.VerticalOscillationCm is not null ? Field.VerticalOscillation : 0;
        mask |= s.GctBalanceLeftPct is not null ? Field.GctBalance : 0;
        mask |= s.SensorContact is not null ? Field.SensorContactKnown : 0;
        mask |= s.SensorContact is true ? Field.SensorContact : 0;
        mask |= s.BatteryPct is not null ? Field.Battery : 0;
        mask |= s.Backfilled ? Field.Backfilled : 0;
        return mask;
    }

    private static int WriteSample(Span<byte> span, MetricSample s)
    {
        var mask = MaskOf(s);
        BinaryPrimitives.WriteInt64LittleEndian(span, s.Seq);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], s.ObservedAt);
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], (ushort)mask);
        var at = SampleFixedBytes;
        if (s.HeartRateBpm is { } hr)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], hr);
            at += 4;
        }

        if (s.RrIntervalsMs is { } rr)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)rr.Length);
            at += 2;
            foreach (var interval in rr)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(span[at..], interval);
                at += 8;
            }
        }

        at += WriteDouble(span[at..], s.CadenceSpm);
        at += WriteDouble(span[at..], s.SpeedMps);
        at += WriteDouble(span[at..], s.StrideLengthM);
        at += WriteDouble(span[at..], s.DistanceM);
        if (s.PowerW is { } power)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], power);
            at += 4;
        }

        at += WriteDouble(span[at..], s.GroundContactMs);
        at += WriteDouble(span[at..], s.VerticalOscillationCm);
        at += WriteDouble(span[at..], s.GctBalanceLeftPct);
        if (s.BatteryPct is { } battery)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], battery);
            at += 4;
        }

        return at;
    }

    private static int WriteDouble(Span<byte> span, double? value)
    {
        if (value is not { } v)
        {
            return 0;
        }

        BinaryPrimitives.WriteDoubleLittleEndian(span, v);
        return 8;
    }

    private static MetricSample ReadSample(ref Reader reader)
    {
        var seq = reader.Int64();
        var observedAt = reader.Int64();
        var mask = (Field)reader.UInt16();
        if ((mask & ~Field.All) != 0)
        {
            throw new PackedSamplesException(PackedSamplesError.Malformed, $"Sample {seq} has unknown field bits 0x{(ushort)(mask & ~Field.All):x4}.");
        }

        int? hr = (mask & Field.HeartRate) != 0 ? reader.Int32() : null;
        double[]? rr = null;
        if ((mask & Field.RrIntervals) != 0)
        {
            var intervals = reader.UInt16();
            if ((long)intervals * 8 > reader.Remaining)
            {
                // Checked before allocating: a malformed count must not cost an array on the page.
                throw new PackedSamplesException(PackedSamplesError.Malformed, $"Sample {seq} claims {intervals} RR intervals, more than the {reader.Remaining} bytes left can hold.");
            }

            rr = new double[intervals];
            for (var i = 0; i < rr.Length; i++)
            {
                rr[i] = reader.Double();
            }
        }

        double? cadence = (mask & Field.Cadence) != 0 ? reader.Double() : null;
        double? speed = (mask & Field.Speed) != 0 ? reader.Double() : null;
        double? stride = (mask & Field.Stride) != 0 ? reader.Double() : null;
        double? distance = (mask & Field.Distance) != 0 ? reader.Double() : null;
        int? power = (mask & Field.Power) != 0 ? reader.Int32() : null;
        double? gct = (mask & Field.GroundContact) != 0 ? reader.Double() : null;
        double? vo = (mask & Field.VerticalOscillation) != 0 ? reader.Double() : null;
        double? balance = (mask & Field.GctBalance) != 0 ? reader.Double() : null;
        int? battery = (mask & Field.Battery) != 0 ? reader.Int32() : null;
        return new MetricSample
        {
            Seq = seq,
            ObservedAt = observedAt,
            HeartRateBpm = hr,
            RrIntervalsMs = rr,
            CadenceSpm = cadence,
            SpeedMps = speed,
            StrideLengthM = stride,
            DistanceM = distance,
            PowerW = power,
            GroundContactMs = gct,
            VerticalOscillationCm = vo,
            GctBalanceLeftPct = balance,
            SensorContact = (mask & Field.SensorContactKnown) != 0 ? (mask & Field.SensorContact) != 0 : null,
            BatteryPct = battery,
            Backfilled = (mask & Field.Backfilled) != 0,
        };
    }

    /// <summary>A sample's field mask: which optional values follow, in this bit order.</summary>
    [Flags]
    private enum Field : ushort
    {
        None = 0,
        HeartRate = 1 << 0,
        RrIntervals = 1 << 1,
        Cadence = 1 << 2,
        Speed = 1 << 3,
        Stride = 1 << 4,
        Distance = 1 << 5,
        Power = 1 << 6,
        GroundContact = 1 << 7,
        VerticalOscillation = 1 << 8,
        GctBalance = 1 << 9,
        SensorContactKnown = 1 << 10,
        SensorContact = 1 << 11,
        Battery = 1 << 12,
        Backfilled = 1 << 13,
        All = (1 << 14) - 1,
    }

    private ref struct Reader(ReadOnlySpan<byte> block)
    {
        private ReadOnlySpan<byte> _rest = block;

        public readonly int Remaining => _rest.Length;

        public byte Byte() => Take(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

        public string Text()
        {
            var bytes = Take(UInt16());
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException ex)
            {
                throw new PackedSamplesException(PackedSamplesError.Malformed, $"An id is not valid UTF-8: {ex.Message}");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _rest.Length)
            {
                throw new PackedSamplesException(PackedSamplesError.Truncated, $"The block ends {count - _rest.Length} bytes early.");
            }

            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}

/// <summary>Why a packed samples block could not be read.</summary>
public enum PackedSamplesError
{
    Truncated,
    UnknownVersion,
    Malformed,
}

/// <summary>A packed samples block that is not one <see cref="PackedSamples.Write"/> made.</summary>
public sealed class PackedSamplesException : FormatException
{
    public PackedSamplesException()
    {
    }

    public PackedSamplesException(string message)
        : base(message)
    {
    }

    public PackedSamplesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PackedSamplesException(PackedSamplesError error, string message)
        : base(message) => Error = error;

    public PackedSamplesError Error { get; } = PackedSamplesError.Malformed;
}
