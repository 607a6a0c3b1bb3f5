using System.Runtime.CompilerServices;
using System.Text.Json;
using CsCheck;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Tests.Sessions;

/// <summary>A runner's newest sample as its presence keeps it: the same values, none of the incoming objects.</summary>
public sealed class RunnerPresenceTests
{
    private static readonly Gen<double[]?> Intervals = Gen.Double[250, 2_000].Array[0, 6].Null(0.3);

    private static readonly Gen<MetricSample> Sample =
        Gen.Select(Gen.Long[1, 1_000_000], Gen.Long[0, 2_000_000_000_000], Gen.Int[30, 230].Nullable(0.3), Intervals, Gen.Double[0, 250].Nullable(0.3), Gen.Double[0, 12].Nullable(0.3), Gen.Double[0, 3].Nullable(0.3), Gen.Double[0, 50_000].Nullable(0.3))
            .SelectMany(a => Gen.Select(Gen.Int[0, 900].Nullable(0.3), Gen.Double[100, 400].Nullable(0.3), Gen.Double[0, 20].Nullable(0.3), Gen.Double[30, 70].Nullable(0.3), Gen.Bool.Nullable(0.3), Gen.Int[0, 100].Nullable(0.3), Gen.Bool)
                .Select(b => new MetricSample
                {
                    Seq = a.Item1,
                    ObservedAt = a.Item2,
                    HeartRateBpm = a.Item3,
                    RrIntervalsMs = a.Item4,
                    CadenceSpm = a.Item5,
                    SpeedMps = a.Item6,
                    StrideLengthM = a.Item7,
                    DistanceM = a.Item8,
                    PowerW = b.Item1,
                    GroundContactMs = b.Item2,
                    VerticalOscillationCm = b.Item3,
                    GctBalanceLeftPct = b.Item4,
                    SensorContact = b.Item5,
                    BatteryPct = b.Item6,
                    Backfilled = b.Item7,
                }));

    [Fact]
    public void Read_AfterAcceptedSamples_TheNewestOnesValuesOnItsOwnArrays()
    {
        // Several samples in a row: the kept intervals grow, shrink and vanish between them.
        Sample.Array[1, 5].Sample(samples =>
        {
            var sut = new RunnerPresence(RunnerState.Live, null);
            foreach (var sample in samples)
            {
                sut.SampleAccepted(1, sample);
            }

            var latest = sut.Read().Latest;

            Assert.NotNull(latest);
            Assert.Equal(Json(samples[^1]), Json(latest));
            Assert.True(latest.RrIntervalsMs is null || latest.RrIntervalsMs.Length == 0 || !ReferenceEquals(latest.RrIntervalsMs, samples[^1].RrIntervalsMs));
        });
    }

    [Fact]
    public void Read_StoredLatestThenSetLatest_EachGivesItsValues()
    {
        var stored = new MetricSample { Seq = 7, ObservedAt = 70, CadenceSpm = 170, RrIntervalsMs = [400, 401, 402, 403, 404, 405] };
        var remote = new MetricSample { Seq = 8, ObservedAt = 80, HeartRateBpm = 150, RrIntervalsMs = [] };
        var sut = new RunnerPresence(RunnerState.Joined, stored);

        var first = sut.Read().Latest;
        sut.SetLatest(remote);
        var second = sut.Read().Latest;

        Assert.Equal(Json(stored), Json(first));
        Assert.Equal(Json(remote), Json(second));
        Assert.Null(new RunnerPresence(RunnerState.Joined, null).Read().Latest);
    }

    [Fact]
    public void SampleAccepted_IncomingSample_NotKeptAlive()
    {
        var sut = new RunnerPresence(RunnerState.Live, null);

        var incoming = Accept(sut);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(incoming.IsAlive, "the presence keeps the incoming sample object alive");
        Assert.Equal(180, sut.Read().Latest?.CadenceSpm);
    }

    /// <summary>Accepts a sample made here, so only the presence could still hold it when this frame is gone.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Accept(RunnerPresence presence)
    {
        var sample = new MetricSample { Seq = 1, ObservedAt = 1, CadenceSpm = 180, RrIntervalsMs = [400, 410] };
        presence.SampleAccepted(1, sample);
        return new WeakReference(sample);
    }

    private static string Json(MetricSample? sample) => JsonSerializer.Serialize(sample);
}
