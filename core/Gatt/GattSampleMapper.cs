using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// Decoded GATT values to the wire <see cref="MetricSample"/>: <c>Seq</c> 0 (the outbox assigns it), <c>ObservedAt</c>
/// from the caller, and every field the characteristic does not carry left null, never 0.
/// </summary>
public static class GattSampleMapper
{
    /// <summary>
    /// Heart rate, RR intervals in ms and sensor contact (null when the strap does not report contact). Pass the decoded
    /// payload to keep RR intervals beyond the nine held inline.
    /// </summary>
    public static MetricSample ToSample(in HeartRateMeasurement value, DateTimeOffset observedAt, ReadOnlySpan<byte> payload = default)
    {
        double[]? rr = null;
        if (value.RrIntervalCount > 0)
        {
            // An ATT value is at most 512 bytes, so 256 covers every RR interval a real payload can hold.
            Span<ushort> raw = stackalloc ushort[Math.Min(value.RrIntervalCount, 256)];
            var n = payload.IsEmpty
                ? value.CopyInlineRrIntervalsRaw(raw)
                : HeartRateMeasurementCodec.CopyRrIntervalsRaw(value, payload, raw);
            rr = new double[n];
            for (var i = 0; i < n; i++)
            {
                rr[i] = HeartRateMeasurement.RrRawToMs(raw[i]);
            }
        }

        return new MetricSample
        {
            ObservedAt = observedAt.ToUnixTimeMilliseconds(),
            HeartRateBpm = value.HeartRateBpm,
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
    public static MetricSample ToSample(in RscMeasurement value, in CadenceReading cadence, DateTimeOffset observedAt) => new()
    {
        ObservedAt = observedAt.ToUnixTimeMilliseconds(),
        SpeedMps = value.SpeedMps,
        CadenceSpm = cadence.CadenceSpm,
        StrideLengthM = value.StrideLengthM,
        DistanceM = value.TotalDistanceM,
    };

    /// <summary>Instantaneous power only: the other fields have no sample column (the decode CLI shows them).</summary>
    public static MetricSample ToSample(in CyclingPowerMeasurement value, DateTimeOffset observedAt) => new()
    {
        ObservedAt = observedAt.ToUnixTimeMilliseconds(),
        PowerW = value.InstantaneousPowerW,
    };

    public static MetricSample ToSample(in BatteryLevel value, DateTimeOffset observedAt) => new()
    {
        ObservedAt = observedAt.ToUnixTimeMilliseconds(),
        BatteryPct = value.Percent,
    };

    /// <summary>Sensor metadata, not a reading: every metric is null.</summary>
    public static MetricSample ToSample(in BodySensorLocationReading value, DateTimeOffset observedAt) => new()
    {
        ObservedAt = observedAt.ToUnixTimeMilliseconds(),
    };

    public static MetricSample ToSample(in RunningDynamicsMeasurement value, DateTimeOffset observedAt) => new()
    {
        ObservedAt = observedAt.ToUnixTimeMilliseconds(),
        GroundContactMs = value.GroundContactMs,
        VerticalOscillationCm = value.VerticalOscillationCm,
        GctBalanceLeftPct = value.GctBalanceLeftPct,
    };
}
