using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Relay.Ble;

/// <summary>
/// The relay's one door to core/Gatt: the simulator encodes its notifications here and every source decodes here, so
/// simulated and real payloads go through the same decoders. One instance per sensor: it keeps that footpod's
/// <see cref="CadenceNormalizer"/> (RSC cadence may be per foot or per step) and counts rejected payloads and values left
/// null for being outside the plausible range.
/// </summary>
internal sealed class GattPayloadCodec(CadenceMode cadenceMode = CadenceMode.Auto)
{
    /// <summary>Every <c>XxxNulled</c> flag of <see cref="GattWarnings"/>: the fields core's mapper left null.</summary>
    public static readonly GattWarnings NulledFlags = Enum.GetValues<GattWarnings>()
        .Where(w => w.ToString().EndsWith("Nulled", StringComparison.Ordinal))
        .Aggregate(GattWarnings.None, (all, w) => all | w);

    private readonly CadenceNormalizer _cadence = new(cadenceMode);
    private long _nulled;

    /// <summary>Payloads this sensor sent that could not be decoded (malformed or unknown); each was skipped, never guessed.</summary>
    public long Rejected { get; private set; }

    /// <summary>
    /// Decoded payloads of which at least one value was outside the plausible range (a strap without skin contact sends
    /// 0 bpm) and so sent as null; the rest of such a sample still goes out.
    /// </summary>
    public long Nulled => Interlocked.Read(ref _nulled);

    /// <summary>Every kind of value this sensor has had left null so far.</summary>
    public GattWarnings NulledKinds { get; private set; }

    /// <summary>Heart Rate Measurement 0x2A37 with contact status and up to nine RR intervals (1/1024 s), as a strap sends them.</summary>
    public static byte[] EncodeHeartRate(int bpm, bool? contact, ReadOnlySpan<double> rrIntervalsMs)
    {
        // A strap holds at most nine intervals per notification at the default MTU; older extra ones are dropped, as real straps do.
        var count = Math.Min(rrIntervalsMs.Length, HeartRateMeasurement.InlineRrCapacity);
        Span<ushort> raw = stackalloc ushort[count];
        var newest = rrIntervalsMs[^count..];
        for (var i = 0; i < count; i++)
        {
            raw[i] = (ushort)Math.Clamp(Math.Round(newest[i] * 1024 / 1000), 0, ushort.MaxValue);
        }

        var value = new HeartRateMeasurement(raw)
        {
            HeartRateBpm = (ushort)Math.Clamp(bpm, 0, ushort.MaxValue),
            SensorContact = contact switch
            {
                null => SensorContactStatus.NotSupported,
                true => SensorContactStatus.SupportedDetected,
                false => SensorContactStatus.SupportedNotDetected,
            },
        };
        var bytes = new byte[HeartRateMeasurementCodec.GetEncodedLength(value)];
        HeartRateMeasurementCodec.Encode(value, bytes);
        return bytes;
    }

    /// <summary>RSC Measurement 0x2A53: speed 1/256 m/s, cadence steps/min, stride 1/100 m, total distance 1/10 m, running.</summary>
    public static byte[] EncodeRsc(double speedMps, double cadenceSpm, double strideM, double distanceM)
    {
        var value = new RscMeasurement
        {
            SpeedRaw = Clamp16(speedMps * 256),
            CadenceRaw = (byte)Math.Clamp(Math.Round(cadenceSpm), 0, byte.MaxValue),
            StrideLengthRaw = Clamp16(strideM * 100),
            TotalDistanceRaw = (uint)Math.Clamp(Math.Round(distanceM * 10), 0, uint.MaxValue),
            IsRunning = true,
        };
        var bytes = new byte[RscMeasurementCodec.GetEncodedLength(value)];
        RscMeasurementCodec.Encode(value, bytes);
        return bytes;
    }

    /// <summary>Vendor Running Dynamics: GCT ms, vertical oscillation 1/10 mm, balance 1/100 % left (docs/gatt.md).</summary>
    public static byte[] EncodeRunningDynamics(double groundContactMs, double verticalOscillationCm, double balanceLeftPct)
    {
        var value = new RunningDynamicsMeasurement
        {
            GroundContactMs = Clamp16(groundContactMs),
            VerticalOscillationRaw = Clamp16(verticalOscillationCm * 100),
            GctBalanceLeftRaw = Clamp16(balanceLeftPct * 100),
        };
        var bytes = new byte[RunningDynamicsCodec.GetEncodedLength(value)];
        RunningDynamicsCodec.Encode(value, bytes);
        return bytes;
    }

    /// <summary>Cycling Power Measurement 0x2A63: instantaneous power only (what running power pods send).</summary>
    public static byte[] EncodePower(double powerW)
    {
        var value = new CyclingPowerMeasurement { InstantaneousPowerW = (short)Math.Clamp(Math.Round(powerW), short.MinValue, short.MaxValue) };
        var bytes = new byte[CyclingPowerMeasurementCodec.GetEncodedLength(value)];
        CyclingPowerMeasurementCodec.Encode(value, bytes);
        return bytes;
    }

    public static byte[] EncodeBattery(int percent)
    {
        var bytes = new byte[BatteryLevelCodec.MaxEncodedLength];
        BatteryLevelCodec.Encode(new BatteryLevel { Percent = (byte)Math.Clamp(percent, 0, 100) }, bytes);
        return bytes;
    }

    /// <summary>Body Sensor Location 0x2A38 (1 = chest).</summary>
    public static byte[] EncodeBodySensorLocation(byte location)
    {
        var bytes = new byte[BodySensorLocationCodec.MaxEncodedLength];
        BodySensorLocationCodec.Encode(new BodySensorLocationReading { Location = (BodySensorLocation)location }, bytes);
        return bytes;
    }

    /// <summary>Decodes a notification or read value to a sample (Seq 0); false with the typed reason for malformed or unknown payloads.</summary>
    public bool TryDecode(Guid characteristic, ReadOnlySpan<byte> payload, DateTimeOffset observedAt, out MetricSample? sample, out string? error) =>
        TryDecode(characteristic, payload, observedAt, out sample, out _, out error);

    /// <summary>As above; <paramref name="nulled"/> holds the <see cref="NulledFlags"/> of the fields left null in this sample.</summary>
    public bool TryDecode(
        Guid characteristic, ReadOnlySpan<byte> payload, DateTimeOffset observedAt, out MetricSample? sample, out GattWarnings nulled, out string? error)
    {
        if (GattSampleDecoder.TryDecode(characteristic, payload, observedAt, _cadence, out sample, out var warnings, out var decodeError))
        {
            nulled = warnings & NulledFlags;
            if (nulled != GattWarnings.None)
            {
                Interlocked.Increment(ref _nulled);
                NulledKinds |= nulled;
            }

            error = null;
            return true;
        }

        nulled = GattWarnings.None;
        Rejected++;
        error = decodeError.Message;
        return false;
    }

    private static ushort Clamp16(double value) => (ushort)Math.Clamp(Math.Round(value), 0, ushort.MaxValue);
}
