using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// Decoded GATT values to the wire <see cref="MetricSample"/>: <c>Seq</c> 0 (the outbox assigns it), <c>ObservedAt</c>
/// from the caller, and every field the characteristic does not carry left null, never 0.
/// </summary>
/// <remarks>
/// A decoded value outside <see cref="PlausibleRanges"/> is not a reading (a strap without skin contact sends 0 bpm):
/// its field is left null and flagged <c>XxxNulled</c> in the <c>nulled</c> warnings, because the hub refuses a whole
/// batch for one such value.
/// </remarks>
public static class GattSampleMapper
{
    /// <summary>The most RR intervals one sample may carry: the hub's limit per sample (SampleValidator).</summary>
    public const int MaxRrIntervals = 32;

    /// <summary>
    /// Heart rate, RR intervals in ms and sensor contact (null when the strap does not report contact). Pass the decoded
    /// payload to keep RR intervals beyond the nine held inline.
    /// </summary>
    public static MetricSample ToSample(in HeartRateMeasurement value, DateTimeOffset observedAt, ReadOnlySpan<byte> payload = default) =>
        ToSample(value, observedAt, payload, out _);

    /// <inheritdoc cref="ToSample(in HeartRateMeasurement, DateTimeOffset, ReadOnlySpan{byte})"/>
    /// <remarks><c>nulled</c>: the fields left null because their value was outside <see cref="PlausibleRanges"/>.</remarks>
    public static MetricSample ToSample(
        in HeartRateMeasurement value, DateTimeOffset observedAt, ReadOnlySpan<byte> payload, out GattWarnings nulled)
    {
        nulled = GattWarnings.None;
        double[]? rr = null;
        if (value.RrIntervalCount > 0)
        {
            // An ATT value is at most 512 bytes, so 256 covers every RR interval a real payload can hold.
            Span<ushort> raw = stackalloc ushort[Math.Min(value.RrIntervalCount, 256)];
            var n = payload.IsEmpty
                ? value.CopyInlineRrIntervalsRaw(raw)
                : HeartRateMeasurementCodec.CopyRrIntervalsRaw(value, payload, raw);
            rr = PlausibleRr(raw[..n], ref nulled);
        }

        return new MetricSample
        {
            ObservedAt = observedAt.ToUnixTimeMilliseconds(),
            HeartRateBpm = Plausible(value.HeartRateBpm, PlausibleRanges.HeartRateBpm, GattWarnings.HeartRateNulled, ref nulled),
            RrIntervalsMs = rr,
            SensorContact = value.SensorContact switch
            {
                SensorContactStatus.SupportedDetected => true,
                SensorContactStatus.SupportedNotDetected => false,
                _ => null,
            },
        };
    }

    /// <summary>Speed, stride, distance, and cadence converted by the sensor's <see cref="CadenceNormalizer"/>.</summary>
    public static MetricSample ToSample(in RscMeasurement value, in CadenceReading cadence, DateTimeOffset observedAt) =>
        ToSample(value, cadence, observedAt, out _);

    /// <inheritdoc cref="ToSample(in RscMeasurement, in CadenceReading, DateTimeOffset)"/>
    /// <remarks><c>nulled</c>: the fields left null because their value was outside <see cref="PlausibleRanges"/>.</remarks>
    public static MetricSample ToSample(in RscMeasurement value, in CadenceReading cadence, DateTimeOffset observedAt, out GattWarnings nulled)
    {
        nulled = GattWarnings.None;
        return new MetricSample
        {
            ObservedAt = observedAt.ToUnixTimeMilliseconds(),
            SpeedMps = Plausible(value.SpeedMps, PlausibleRanges.SpeedMps, GattWarnings.SpeedNulled, ref nulled),
            CadenceSpm = Plausible(cadence.CadenceSpm, PlausibleRanges.CadenceSpm, GattWarnings.CadenceNulled, ref nulled),
            StrideLengthM = Plausible(value.StrideLengthM, PlausibleRanges.StrideLengthM, GattWarnings.StrideLengthNulled, ref nulled),
            DistanceM = Plausible(value.TotalDistanceM, PlausibleRanges.DistanceM, GattWarnings.DistanceNulled, ref nulled),
        };
    }

    /// <summary>Instantaneous power only: the other fields have no sample column (the decode CLI shows them).</summary>
    public static MetricSample ToSample(in CyclingPowerMeasurement value, DateTimeOffset observedAt) => ToSample(value, observedAt, out _);

    /// <inheritdoc cref="ToSample(in CyclingPowerMeasurement, DateTimeOffset)"/>
    /// <remarks><c>nulled</c>: the fields left null because their value was outside <see cref="PlausibleRanges"/>.</remarks>
    public static MetricSample ToSample(in CyclingPowerMeasurement value, DateTimeOffset observedAt, out GattWarnings nulled)
    {
        nulled = GattWarnings.None;
        return new MetricSample
        {
            ObservedAt = observedAt.ToUnixTimeMilliseconds(),
            PowerW = Plausible(value.InstantaneousPowerW, PlausibleRanges.PowerW, GattWarnings.PowerNulled, ref nulled),
        };
    }

    public static MetricSample ToSample(in BatteryLevel value, DateTimeOffset observedAt) => ToSample(value, observedAt, out _);

    /// <inheritdoc cref="ToSample(in BatteryLevel, DateTimeOffset)"/>
    /// <remarks><c>nulled</c>: the fields left null because their value was outside <see cref="PlausibleRanges"/>.</remarks>
    public static MetricSample ToSample(in BatteryLevel value, DateTimeOffset observedAt, out GattWarnings nulled)
    {
        nulled = GattWarnings.None;
        return new MetricSample
        {
            ObservedAt = observedAt.ToUnixTimeMilliseconds(),
            BatteryPct = Plausible(value.Percent, PlausibleRanges.BatteryPct, GattWarnings.BatteryNulled, ref nulled),
        };
    }

    /// <summary>Sensor metadata, not a reading: every metric is null.</summary>
    public static MetricSample ToSample(in BodySensorLocationReading value, DateTimeOffset observedAt) => new()
    {
        ObservedAt = observedAt.ToUnixTimeMilliseconds(),
    };

    public static MetricSample ToSample(in RunningDynamicsMeasurement value, DateTimeOffset observedAt) => ToSample(value, observedAt, out _);

    /// <inheritdoc cref="ToSample(in RunningDynamicsMeasurement, DateTimeOffset)"/>
    /// <remarks><c>nulled</c>: the fields left null because their value was outside <see cref="PlausibleRanges"/>.</remarks>
    public static MetricSample ToSample(in RunningDynamicsMeasurement value, DateTimeOffset observedAt, out GattWarnings nulled)
    {
        nulled = GattWarnings.None;
        return new MetricSample
        {
            ObservedAt = observedAt.ToUnixTimeMilliseconds(),
            GroundContactMs = Plausible(value.GroundContactMs, PlausibleRanges.GroundContactMs, GattWarnings.GroundContactNulled, ref nulled),
            VerticalOscillationCm = Plausible(
                value.VerticalOscillationCm, PlausibleRanges.VerticalOscillationCm, GattWarnings.VerticalOscillationNulled, ref nulled),
            GctBalanceLeftPct = Plausible(value.GctBalanceLeftPct, PlausibleRanges.GctBalanceLeftPct, GattWarnings.GctBalanceNulled, ref nulled),
        };
    }

    private static double? Plausible(double? value, PlausibleRange range, GattWarnings flag, ref GattWarnings nulled)
    {
        if (value is { } v && !range.Contains(v))
        {
            nulled |= flag;
            return null;
        }

        return value;
    }

    private static int? Plausible(int? value, PlausibleRange range, GattWarnings flag, ref GattWarnings nulled) =>
        Plausible((double?)value, range, flag, ref nulled) is null ? null : value;

    // One implausible interval nulls the list: dropping it alone would read as two consecutive beats that were not.
    private static double[]? PlausibleRr(ReadOnlySpan<ushort> raw, ref GattWarnings nulled)
    {
        if (raw.Length > MaxRrIntervals)
        {
            nulled |= GattWarnings.RrIntervalsNulled;
            return null;
        }

        var rr = new double[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            rr[i] = HeartRateMeasurement.RrRawToMs(raw[i]);
            if (!PlausibleRanges.RrIntervalMs.Contains(rr[i]))
            {
                nulled |= GattWarnings.RrIntervalsNulled;
                return null;
            }
        }

        return rr;
    }
}
