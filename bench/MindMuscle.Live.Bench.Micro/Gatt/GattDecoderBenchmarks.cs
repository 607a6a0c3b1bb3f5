using BenchmarkDotNet.Attributes;
using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.Micro.Gatt;

/// <summary>
/// The relay's per-notification cost: the raw codecs (allocation-free) and the full decode to a MetricSample, for the
/// three measurement characteristics a runner's sensors notify several times a second.
/// </summary>
[MemoryDiagnoser]
public class GattDecoderBenchmarks
{
    // HR: flags = UINT8 value, contact supported + detected, RR present; 152 bpm; RR 400 and 404 (1/1024 s).
    private static readonly byte[] HeartRate = [0x16, 152, 0x90, 0x01, 0x94, 0x01];

    // RSC: stride + distance present, running; 4.2 m/s (1/256), 89 rpm, stride 1.42 m (1/100), 2400.5 m (1/10).
    private static readonly byte[] Rsc = [0x07, 0x33, 0x04, 89, 0x8E, 0x00, 0xC5, 0x5D, 0x00, 0x00];

    // Cycling power (running pods): no optional fields; 291 W.
    private static readonly byte[] Power = [0x00, 0x00, 0x23, 0x01];

    private static readonly Guid HeartRateUuid = GattUuids.FromShortId(GattUuids.HeartRateMeasurement);
    private static readonly DateTimeOffset ObservedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);

    /// <summary>Measuring the error path by mistake would flatter the decoders: every payload must decode.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (!HeartRateCodec() || !RscCodec() || !CyclingPowerCodec() || HeartRateToSample() is not { HeartRateBpm: 152, RrIntervalsMs.Length: 2 })
        {
            throw new InvalidOperationException("a benchmark payload does not decode; fix the bytes");
        }
    }

    [Benchmark]
    public bool HeartRateCodec() => HeartRateMeasurementCodec.TryDecode(HeartRate, out _, out _);

    [Benchmark]
    public bool RscCodec() => RscMeasurementCodec.TryDecode(Rsc, out _, out _);

    [Benchmark]
    public bool CyclingPowerCodec() => CyclingPowerMeasurementCodec.TryDecode(Power, out _, out _);

    /// <summary>UUID dispatch + decode + mapping to the wire sample (allocates the sample and its RR array).</summary>
    [Benchmark]
    public MetricSample? HeartRateToSample()
    {
        GattSampleDecoder.TryDecode(HeartRateUuid, HeartRate, ObservedAt, null, out var sample, out _, out _);
        return sample;
    }
}
