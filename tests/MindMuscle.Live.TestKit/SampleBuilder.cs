using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.TestKit;

/// <summary>Builds steady sample streams for tests: one sample per interval from a start time.</summary>
public static class SampleBuilder
{
    public static IEnumerable<MetricSample> Steady(
        long firstSeq, long startUnixMs, int count, TimeSpan interval,
        int heartRateBpm = 150, double cadenceSpm = 180, double speedMps = 4.0)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new MetricSample
            {
                Seq = firstSeq + i,
                ObservedAt = startUnixMs + (long)(i * interval.TotalMilliseconds),
                HeartRateBpm = heartRateBpm,
                CadenceSpm = cadenceSpm,
                SpeedMps = speedMps,
                StrideLengthM = speedMps * 60 / cadenceSpm,
            };
        }
    }
}
