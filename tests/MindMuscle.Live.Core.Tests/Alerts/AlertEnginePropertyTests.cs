using CsCheck;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Tests.Alerts;

public sealed class AlertEnginePropertyTests
{
    private static readonly Gen<double?> Maybe = Gen.Double[-50, 400].Nullable();

    /// <summary>Valid-shaped samples with wild values, gaps, repeats and clock steps backwards.</summary>
    private static readonly Gen<MetricSample[]> Streams =
        Gen.Select(Gen.Int[-2_000, 20_000], Maybe, Maybe, Maybe, Gen.Int[-10, 300].Nullable(), Gen.Bool.Nullable(), Gen.Int[-5, 105].Nullable())
            .Select(Gen.Double[0, 100].Nullable(), Gen.Double[0, 20].Nullable(), (a, balance, vo) => (a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, balance, vo))
            .Array[1, 400]
            .Select(steps =>
            {
                var t = RunScript.Start;
                var samples = new MetricSample[steps.Length];
                for (var i = 0; i < steps.Length; i++)
                {
                    var (dt, cadence, speed, gct, hr, contact, battery, balance, vo) = steps[i];
                    t += dt;
                    samples[i] = new MetricSample
                    {
                        Seq = i + 1, ObservedAt = t, CadenceSpm = cadence, SpeedMps = speed / 20, StrideLengthM = speed / 100,
                        GroundContactMs = gct, HeartRateBpm = hr, SensorContact = contact, BatteryPct = battery,
                        GctBalanceLeftPct = balance, VerticalOscillationCm = vo,
                    };
                }

                return samples;
            });

    [Fact]
    public void Feed_RandomStreams_NeverThrowsAndEventTimesAreMonotonic()
    {
        Streams.Sample(samples =>
        {
            var sut = new AlertEngine("s", new AlertSettings { HrCeilingBpm = 180, TargetPaceSecPerKm = 300, WarmupSeconds = 20 });
            var events = new List<AlertEvent>();
            var half = samples.Length / 2;
            sut.Feed("a", samples.AsSpan(0, half), events);
            sut.Tick(samples[^1].ObservedAt, events);
            sut.Feed("a", samples.AsSpan(half), events);
            sut.RemoveRunner("a", samples[^1].ObservedAt + 1, events);

            var last = long.MinValue;
            var open = new HashSet<string>();
            foreach (var e in events)
            {
                var at = e.Kind == AlertEventKind.Raised ? e.Alert.StartedAt : e.Alert.ClearedAt!.Value;
                Assert.True(at >= last, $"event at {at} after one at {last}");
                Assert.True(e.Kind == AlertEventKind.Raised ? open.Add(e.Alert.AlertId) : open.Remove(e.Alert.AlertId));
                last = at;
            }

            Assert.Empty(open);
        }, iter: 300);
    }

    [Fact]
    public void Feed_RandomStreamsReplayed_YieldIdenticalEvents()
    {
        Streams.Sample(samples =>
        {
            var first = new List<AlertEvent>();
            var second = new List<AlertEvent>();
            new AlertEngine("s", AlertSettings.Default with { WarmupSeconds = 10 }).Feed("a", samples, first);
            var replay = new AlertEngine("s", AlertSettings.Default with { WarmupSeconds = 10 });
            foreach (var sample in samples)
            {
                replay.Feed("a", [sample], second);
            }

            Assert.Equal(first, second);
        }, iter: 200);
    }
}
