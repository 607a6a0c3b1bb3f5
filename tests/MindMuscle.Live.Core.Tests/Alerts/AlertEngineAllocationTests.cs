using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Tests.Alerts;

public sealed class AlertEngineAllocationTests
{
    [Fact]
    public void Feed_SteadyState_AllocatesNothing()
    {
        var (sut, samples, warm) = CreateSut();
        var events = new List<AlertEvent>(16);
        sut.Feed("r1", samples.AsSpan(0, warm), events);
        sut.Feed("r2", samples.AsSpan(0, warm), events);
        sut.Tick(samples[warm - 1].ObservedAt, events);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = warm; i < samples.Length; i++)
        {
            sut.Feed("r1", samples.AsSpan(i, 1), events);
            sut.Feed("r2", samples.AsSpan(i, 1), events);
            sut.Tick(samples[i].ObservedAt, events);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(events);
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {samples.Length - warm} samples");
        Assert.Equal(0, allocated);
    }

    private static (AlertEngine Engine, MetricSample[] Samples, int Warm) CreateSut()
    {
        var script = new RunScript();
        var random = new Random(7);
        for (var i = 0; i < 4 * 3600; i++)
        {
            // Realistic jitter around a steady effort, 4 samples a second.
            script.Cadence = 180 + (random.NextDouble() * 2 - 1);
            script.Stride = 1.333 + ((random.NextDouble() * 2 - 1) * 0.01);
            script.BalanceLeft = 50 + (random.NextDouble() * 2 - 1) * 0.5;
            script.Run(1);
        }

        var samples = script.Samples.Select((s, i) => s with { ObservedAt = RunScript.Start + (i * 250L) }).ToArray();
        return (new AlertEngine("s", new AlertSettings { HrCeilingBpm = 190, TargetPaceSecPerKm = 250 }), samples, 4 * 600);
    }
}
