using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.TestKit.Faults;

/// <summary>The GATT decoders a fuzzer can aim at.</summary>
public enum GattFuzzTarget
{
    HeartRate = 0,
    Rsc = 1,
    CyclingPower = 2,
    Battery = 3,
    BodySensorLocation = 4,
    RunningDynamics = 5,

    /// <summary>
    /// <see cref="GattSampleDecoder.TryDecode"/>: input byte 0 picks the characteristic (low 3 bits, see
    /// <see cref="GattFuzzOracle.Characteristics"/>) and the cadence normalizer (bits 3-4: Auto, PerFoot, Steps, none);
    /// the rest is the payload.
    /// </summary>
    SampleDecoder = 6,
}

/// <summary>
/// What must hold for any input to a GATT decoder, shared by the libFuzzer harness (tests/fuzz) and the CsCheck
/// property tests: no exception escapes, a rejection is a defined non-None error code with a real message, an
/// acceptance carries no error, and a sample carries no made-up (non-finite) value. A broken invariant throws
/// <see cref="InvalidOperationException"/>, which both fuzzers report as a crash.
/// </summary>
public static class GattFuzzOracle
{
    /// <summary>Characteristics the SampleDecoder target dispatches over; the last is one we do not decode.</summary>
    public static readonly Guid[] Characteristics =
    [
        GattUuids.FromShortId(GattUuids.HeartRateMeasurement),
        GattUuids.FromShortId(GattUuids.RscMeasurement),
        GattUuids.FromShortId(GattUuids.CyclingPowerMeasurement),
        GattUuids.FromShortId(GattUuids.BatteryLevel),
        GattUuids.FromShortId(GattUuids.BodySensorLocation),
        GattUuids.RunningDynamics,
        GattUuids.FromShortId(0x2A00),
        GattUuids.FromShortId(0x2A37 ^ 0x0100),
    ];

    private static readonly DateTimeOffset ObservedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);

    /// <summary>Runs one input through <paramref name="target"/>; true when the decoder accepted it.</summary>
    public static bool Run(GattFuzzTarget target, ReadOnlySpan<byte> input)
    {
        bool ok;
        GattDecodeError error;
        switch (target)
        {
            case GattFuzzTarget.HeartRate:
                ok = HeartRateMeasurementCodec.TryDecode(input, out var hr, out error);
                if (ok)
                {
                    CheckSample(GattSampleMapper.ToSample(hr, ObservedAt, input), target);
                }

                break;
            case GattFuzzTarget.Rsc:
                ok = RscMeasurementCodec.TryDecode(input, out var rsc, out error);
                if (ok)
                {
                    CheckSample(GattSampleMapper.ToSample(rsc, new CadenceNormalizer().Normalize(rsc), ObservedAt), target);
                }

                break;
            case GattFuzzTarget.CyclingPower:
                ok = CyclingPowerMeasurementCodec.TryDecode(input, out var cp, out error);
                if (ok)
                {
                    CheckSample(GattSampleMapper.ToSample(cp, ObservedAt), target);
                }

                break;
            case GattFuzzTarget.Battery:
                ok = BatteryLevelCodec.TryDecode(input, out _, out error);
                break;
            case GattFuzzTarget.BodySensorLocation:
                ok = BodySensorLocationCodec.TryDecode(input, out _, out error);
                break;
            case GattFuzzTarget.RunningDynamics:
                ok = RunningDynamicsCodec.TryDecode(input, out var rd, out error);
                if (ok)
                {
                    CheckSample(GattSampleMapper.ToSample(rd, ObservedAt), target);
                }

                break;
            case GattFuzzTarget.SampleDecoder:
                return RunSampleDecoder(input);
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, null);
        }

        CheckOutcome(ok, error, target);
        return ok;
    }

    private static bool RunSampleDecoder(ReadOnlySpan<byte> input)
    {
        var selector = input.IsEmpty ? (byte)0 : input[0];
        var payload = input.IsEmpty ? input : input[1..];
        var characteristic = Characteristics[selector & 0x07];
        var cadence = ((selector >> 3) & 0x03) switch
        {
            0 => new CadenceNormalizer(CadenceMode.Auto),
            1 => new CadenceNormalizer(CadenceMode.PerFoot),
            2 => new CadenceNormalizer(CadenceMode.Steps),
            _ => null,
        };

        var ok = GattSampleDecoder.TryDecode(characteristic, payload, ObservedAt, cadence, out var sample, out var warnings, out var error);

        CheckOutcome(ok, error, GattFuzzTarget.SampleDecoder);
        if (ok != sample is not null)
        {
            throw new InvalidOperationException($"SampleDecoder: returned {ok} with sample {(sample is null ? "null" : "set")}");
        }

        if (sample is not null)
        {
            CheckSample(sample, GattFuzzTarget.SampleDecoder);
        }

        if (!GattSampleDecoder.IsSupported(characteristic) && (ok || error.Code != GattDecodeErrorCode.UnsupportedCharacteristic))
        {
            throw new InvalidOperationException($"SampleDecoder: unsupported characteristic answered {error.Code}");
        }

        // Warnings must always describe themselves (the relay logs them).
        foreach (var (code, message) in warnings.Describe())
        {
            if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(message))
            {
                throw new InvalidOperationException($"SampleDecoder: warning {warnings} without a code or message");
            }
        }

        return ok;
    }

    private static void CheckOutcome(bool ok, GattDecodeError error, GattFuzzTarget target)
    {
        if (ok)
        {
            if (error.Code != GattDecodeErrorCode.None)
            {
                throw new InvalidOperationException($"{target}: accepted but error is {error.Code}");
            }

            return;
        }

        if (error.Code == GattDecodeErrorCode.None || !Enum.IsDefined(error.Code))
        {
            throw new InvalidOperationException($"{target}: rejected with untyped error {(int)error.Code}");
        }

        var message = error.Message;
        if (string.IsNullOrWhiteSpace(message) || message == error.Code.ToString())
        {
            throw new InvalidOperationException($"{target}: rejection {error.Code} has no message");
        }
    }

    private static void CheckSample(MetricSample sample, GattFuzzTarget target)
    {
        if (sample.ObservedAt != ObservedAt.ToUnixTimeMilliseconds() || sample.Seq != 0)
        {
            throw new InvalidOperationException($"{target}: sample seq/observedAt not as given");
        }

        Finite(sample.CadenceSpm, "cadenceSpm", target);
        Finite(sample.SpeedMps, "speedMps", target);
        Finite(sample.StrideLengthM, "strideLengthM", target);
        Finite(sample.DistanceM, "distanceM", target);
        Finite(sample.GroundContactMs, "groundContactMs", target);
        Finite(sample.VerticalOscillationCm, "verticalOscillationCm", target);
        Finite(sample.GctBalanceLeftPct, "gctBalanceLeftPct", target);
        foreach (var rr in sample.RrIntervalsMs ?? [])
        {
            Finite(rr, "rrIntervalsMs", target);
        }
    }

    private static void Finite(double? value, string field, GattFuzzTarget target)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0))
        {
            throw new InvalidOperationException($"{target}: {field} = {v} is not a finite non-negative reading");
        }
    }
}
