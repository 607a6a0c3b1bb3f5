using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// One entry point for a BLE backend: characteristic UUID + notification bytes → <see cref="MetricSample"/> (or a
/// typed error). Allocates the sample; the decode underneath does not.
/// </summary>
public static class GattSampleDecoder
{
    /// <summary>Whether <paramref name="characteristic"/> is one this decoder understands.</summary>
    public static bool IsSupported(Guid characteristic) =>
        characteristic == GattUuids.RunningDynamics
        || (GattUuids.TryGetShortId(characteristic, out var id) && id is GattUuids.HeartRateMeasurement or GattUuids.RscMeasurement
            or GattUuids.CyclingPowerMeasurement or GattUuids.BatteryLevel or GattUuids.BodySensorLocation);

    /// <param name="characteristic">128-bit characteristic UUID (SIG base or our vendor UUID).</param>
    /// <param name="payload">The notification or read value.</param>
    /// <param name="observedAt">When the relay received it.</param>
    /// <param name="cadence">The sensor's normalizer for RSC; null uses a fresh Auto normalizer (no stickiness).</param>
    /// <param name="sample">The sample on success.</param>
    /// <param name="warnings">
    /// Decode warnings, cadence-conversion warnings, and the <c>XxxNulled</c> flags of fields the mapper left null because
    /// their value was outside <see cref="PlausibleRanges"/>.
    /// </param>
    /// <param name="error">Why the payload was rejected.</param>
    public static bool TryDecode(
        Guid characteristic,
        ReadOnlySpan<byte> payload,
        DateTimeOffset observedAt,
        CadenceNormalizer? cadence,
        out MetricSample? sample,
        out GattWarnings warnings,
        out GattDecodeError error)
    {
        sample = null;
        warnings = GattWarnings.None;
        if (characteristic == GattUuids.RunningDynamics)
        {
            if (!RunningDynamicsCodec.TryDecode(payload, out var rd, out error))
            {
                return false;
            }

            sample = GattSampleMapper.ToSample(rd, observedAt, out var rdNulled);
            warnings = rd.Warnings | rdNulled;
            return true;
        }

        GattUuids.TryGetShortId(characteristic, out var id);
        switch (id)
        {
            case GattUuids.HeartRateMeasurement:
                if (!HeartRateMeasurementCodec.TryDecode(payload, out var hr, out error))
                {
                    return false;
                }

                sample = GattSampleMapper.ToSample(hr, observedAt, payload, out var hrNulled);
                warnings = (hr.Warnings & ~GattWarnings.RrIntervalsBeyondInlineCapacity) | hrNulled;
                return true;

            case GattUuids.RscMeasurement:
                if (!RscMeasurementCodec.TryDecode(payload, out var rsc, out error))
                {
                    return false;
                }

                var reading = (cadence ?? new CadenceNormalizer()).Normalize(rsc);
                sample = GattSampleMapper.ToSample(rsc, reading, observedAt, out var rscNulled);
                warnings = rsc.Warnings | reading.Warnings | rscNulled;
                return true;

            case GattUuids.CyclingPowerMeasurement:
                if (!CyclingPowerMeasurementCodec.TryDecode(payload, out var cp, out error))
                {
                    return false;
                }

                sample = GattSampleMapper.ToSample(cp, observedAt, out var cpNulled);
                warnings = cp.Warnings | cpNulled;
                return true;

            case GattUuids.BatteryLevel:
                if (!BatteryLevelCodec.TryDecode(payload, out var battery, out error))
                {
                    return false;
                }

                sample = GattSampleMapper.ToSample(battery, observedAt, out var batteryNulled);
                warnings = battery.Warnings | batteryNulled;
                return true;

            case GattUuids.BodySensorLocation:
                if (!BodySensorLocationCodec.TryDecode(payload, out var location, out error))
                {
                    return false;
                }

                warnings = location.Warnings;
                sample = GattSampleMapper.ToSample(location, observedAt);
                return true;

            default:
                error = new GattDecodeError(GattDecodeErrorCode.UnsupportedCharacteristic, Field: GattUuids.Format(characteristic));
                return false;
        }
    }
}
