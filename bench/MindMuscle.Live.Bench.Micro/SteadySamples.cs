using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.Micro;

/// <summary>Steady running at 4 Hz with a small deterministic wobble: the sample stream the per-sample benchmarks feed.</summary>
internal static class SteadySamples
{
    public static MetricSample At(long seq)
    {
        var wobble = (seq % 8) - 4;
        return new MetricSample
        {
            Seq = seq,
            ObservedAt = 1_764_000_000_000 + (seq * 250),
            HeartRateBpm = 150 + (int)(wobble / 2),
            CadenceSpm = 178 + (wobble * 0.5),
            SpeedMps = 4.2 + (wobble * 0.01),
            StrideLengthM = 1.41,
            DistanceM = seq * 1.05,
            PowerW = 290 + (int)wobble,
            GroundContactMs = 235 + wobble,
            VerticalOscillationCm = 8.1,
            GctBalanceLeftPct = 50.2,
            SensorContact = true,
        };
    }
}
