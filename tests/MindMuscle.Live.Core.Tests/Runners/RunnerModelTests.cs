using MindMuscle.Live.Core.Runners;

namespace MindMuscle.Live.Core.Tests.Runners;

public sealed class RunnerModelTests
{
    [Fact]
    public void Step_SameSeedAndScenario_ProducesIdenticalVitals()
    {
        var a = CreateSut("fatigue", seed: 7);
        var b = CreateSut("fatigue", seed: 7);

        var first = Run(a, TimeSpan.FromSeconds(1), 600);
        var second = Run(b, TimeSpan.FromSeconds(1), 600);

        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(Fingerprint(first[i]), Fingerprint(second[i]));
        }
    }

    [Fact]
    public void At_DifferentStepSizes_GiveSameValuesAtSameRunTimes()
    {
        var coarse = CreateSut("fatigue", seed: 3);
        var fine = CreateSut("fatigue", seed: 3);

        var coarseVitals = new List<RunnerVitals>();
        var fineVitals = new List<RunnerVitals>();
        for (var s = 1; s <= 400; s++)
        {
            coarseVitals.Add(coarse.At(TimeSpan.FromSeconds(s)));
            fine.At(TimeSpan.FromSeconds(s - 0.5));
            fineVitals.Add(fine.At(TimeSpan.FromSeconds(s)));
        }

        for (var i = 0; i < coarseVitals.Count; i++)
        {
            Assert.Equal(coarseVitals[i].CadenceSpm, fineVitals[i].CadenceSpm);
            Assert.Equal(coarseVitals[i].HeartRateBpm, fineVitals[i].HeartRateBpm);
            Assert.Equal(coarseVitals[i].DistanceM, fineVitals[i].DistanceM);
        }

        var coarseBeats = coarseVitals.SelectMany(v => v.RrIntervalsMs).ToArray();
        var fineBeats = fineVitals.SelectMany(v => v.RrIntervalsMs).ToArray();
        Assert.True(fineBeats.Length < coarseBeats.Length + 2, "beats consumed by the half-second calls are the only difference");
    }

    [Fact]
    public void Step_DifferentSeeds_ProduceDifferentNoise()
    {
        var a = Run(CreateSut("steady", seed: 1), TimeSpan.FromSeconds(1), 60);
        var b = Run(CreateSut("steady", seed: 2), TimeSpan.FromSeconds(1), 60);

        Assert.NotEqual(a.Select(Fingerprint), b.Select(Fingerprint));
    }

    [Fact]
    public void Step_SteadyRun_StaysInPhysicallyPlausibleRanges()
    {
        var sut = CreateSut("steady", seed: 11);

        var vitals = Run(sut, TimeSpan.FromSeconds(1), 1800);

        Assert.All(vitals, v =>
        {
            Assert.InRange(v.SpeedMps, 3.2, 4.0);
            Assert.InRange(v.CadenceSpm, 160, 185);
            Assert.InRange(v.StrideLengthM, 1.1, 1.4);
            Assert.InRange(v.HeartRateBpm, 90, 175);
            Assert.InRange(v.VerticalOscillationCm, 6.5, 10.5);
            Assert.InRange(v.GroundContactMs, 205, 290);
            Assert.InRange(v.GctBalanceLeftPct, 48, 52);
            Assert.InRange(v.PowerW, 200, 290);
            Assert.Equal(v.SpeedMps * 60 / v.CadenceSpm, v.StrideLengthM, 9);
        });
        Assert.InRange(vitals[^1].DistanceM, 1800 * 3.5, 1800 * 3.7);
        Assert.True(sut.At(TimeSpan.FromHours(1)).FootpodBatteryPct < vitals[0].FootpodBatteryPct, "batteries drain");
        var settled = vitals.Skip(300).ToArray();
        Assert.InRange(settled.Average(v => v.HeartRateBpm), 148, 160);
    }

    [Fact]
    public void Step_SteadyRun_RrIntervalsMatchHeartRateWithVariability()
    {
        var sut = CreateSut("steady", seed: 5);

        var vitals = Run(sut, TimeSpan.FromSeconds(1), 600).Skip(300).ToArray();

        var beats = vitals.SelectMany(v => v.RrIntervalsMs).ToArray();
        var meanHr = vitals.Average(v => v.HeartRateBpm);
        Assert.InRange(beats.Length, 300 * meanHr / 60 * 0.97, 300 * meanHr / 60 * 1.03);
        Assert.InRange(60000 / beats.Average(), meanHr * 0.97, meanHr * 1.03);
        var successiveDiffs = beats.Zip(beats.Skip(1), (x, y) => (y - x) * (y - x)).Average();
        Assert.InRange(Math.Sqrt(successiveDiffs), 2, 20);
    }

    [Fact]
    public void Step_SteadyRun_ShortMediansStayInsideAlertThresholds()
    {
        foreach (var seed in new[] { 1, 2, 3, 4 })
        {
            var vitals = Run(CreateSut("steady", seed), TimeSpan.FromSeconds(1), 1800);
            var baselineWindow = vitals.Skip(120).Take(60).ToArray();
            var cadence = Median(baselineWindow.Select(v => v.CadenceSpm));
            var stride = Median(baselineWindow.Select(v => v.StrideLengthM));
            var vo = Median(baselineWindow.Select(v => v.VerticalOscillationCm));
            var gct = Median(baselineWindow.Select(v => v.GroundContactMs));

            for (var i = 200; i + 20 <= vitals.Count; i += 5)
            {
                var window = vitals.Skip(i).Take(20).ToArray();
                Assert.InRange(Median(window.Select(v => v.CadenceSpm)), cadence * 0.96, cadence * 1.04);
                Assert.InRange(Median(window.Select(v => v.StrideLengthM)), stride * 0.93, stride * 1.07);
                Assert.InRange(Median(window.Select(v => v.VerticalOscillationCm)), vo * 0.91, vo * 1.09);
                Assert.InRange(Median(window.Select(v => v.GroundContactMs)), gct * 0.93, gct * 1.07);
                Assert.InRange(Median(window.Select(v => v.GctBalanceLeftPct)), 48.2, 51.8);
            }
        }
    }

    [Fact]
    public void Step_Fatigue_CadenceDropsAtTheScriptedTimeAndRecovers()
    {
        var vitals = Run(CreateSut("fatigue", seed: 9), TimeSpan.FromSeconds(1), 600);

        var before = Median(Window(vitals, "05:00", "05:59").Select(v => v.CadenceSpm));
        var during = Median(Window(vitals, "06:30", "07:50").Select(v => v.CadenceSpm));
        var after = Median(Window(vitals, "08:50", "09:50").Select(v => v.CadenceSpm));
        var strideBefore = Median(Window(vitals, "05:00", "05:59").Select(v => v.StrideLengthM));
        var strideDuring = Median(Window(vitals, "06:30", "07:50").Select(v => v.StrideLengthM));

        Assert.InRange(during / before, 0.91, 0.95);
        Assert.InRange(after / before, 0.98, 1.02);
        Assert.InRange(strideDuring / strideBefore, 1.05, 1.10);
    }

    [Fact]
    public void Step_Fatigue_HeartRateDriftsAtTheSamePace()
    {
        var vitals = Run(CreateSut("fatigue", seed: 4), TimeSpan.FromSeconds(1), 1020);

        var hrBefore = Window(vitals, "12:00", "12:59").Average(v => v.HeartRateBpm);
        var hrAfter = Window(vitals, "16:00", "16:59").Average(v => v.HeartRateBpm);
        var paceBefore = Window(vitals, "12:00", "12:59").Average(v => v.SpeedMps);
        var paceAfter = Window(vitals, "16:00", "16:59").Average(v => v.SpeedMps);

        Assert.InRange(hrAfter / hrBefore, 1.08, 1.12);
        Assert.InRange(paceAfter / paceBefore, 0.98, 1.02);
    }

    [Fact]
    public void Step_Asymmetry_BalanceMovesToTheScriptedShare()
    {
        var vitals = Run(CreateSut("asymmetry", seed: 2), TimeSpan.FromSeconds(1), 900);

        Assert.InRange(Median(Window(vitals, "04:00", "04:59").Select(v => v.GctBalanceLeftPct)), 49, 51);
        Assert.InRange(Median(Window(vitals, "05:30", "07:50").Select(v => v.GctBalanceLeftPct)), 45.3, 46.7);
        Assert.InRange(Median(Window(vitals, "09:00", "11:50").Select(v => v.GctBalanceLeftPct)), 49, 51);
        Assert.InRange(Median(Window(vitals, "13:00", "14:50").Select(v => v.GctBalanceLeftPct)), 52.8, 54.2);
    }

    [Fact]
    public void Step_Dropout_SensorsDisconnectExactlyDuringTheirDrops()
    {
        var vitals = Run(CreateSut("dropout", seed: 1), TimeSpan.FromSeconds(1), 1080);

        Assert.Equal(30, vitals.Count(v => !v.FootpodConnected && v.Elapsed < TimeSpan.FromMinutes(16)));
        Assert.True(vitals.Single(v => v.Elapsed == TimeSpan.FromSeconds(300)).FootpodConnected is false);
        Assert.True(vitals.Single(v => v.Elapsed == TimeSpan.FromSeconds(330)).FootpodConnected);
        Assert.Equal(12, vitals.Count(v => !v.HeartRateConnected));
        Assert.Equal(60, vitals.Count(v => !v.PowerConnected));
        Assert.Equal(20, vitals.Count(v => !v.SensorContact));
        Assert.InRange(vitals.Single(v => v.Elapsed == TimeSpan.FromSeconds(901)).FootpodBatteryPct, 13, 14);
        Assert.True(vitals.Single(v => v.Elapsed == TimeSpan.FromSeconds(899)).FootpodBatteryPct > 50);
    }

    [Fact]
    public void ToMetricSample_DroppedFootpod_LeavesItsFieldsNull()
    {
        var sut = CreateSut("dropout", seed: 1);

        var sample = sut.At(TimeSpan.FromSeconds(310)).ToMetricSample(1_000);

        Assert.Null(sample.CadenceSpm);
        Assert.Null(sample.SpeedMps);
        Assert.Null(sample.GctBalanceLeftPct);
        Assert.NotNull(sample.HeartRateBpm);
        Assert.NotNull(sample.PowerW);
        Assert.Equal(1_000, sample.ObservedAt);
    }

    [Fact]
    public void Step_Intervals_FastRepsRunAtTheScriptedPace()
    {
        var vitals = Run(CreateSut("intervals", seed: 6), TimeSpan.FromSeconds(1), 700);

        var fast = Median(Window(vitals, "06:15", "06:59").Select(v => v.SpeedMps));
        var easy = Median(Window(vitals, "07:20", "08:29").Select(v => v.SpeedMps));

        Assert.InRange(fast, 1000 / 225.0 * 0.97, 1000 / 225.0 * 1.03);
        Assert.InRange(easy, 1000 / 315.0 * 0.97, 1000 / 315.0 * 1.03);
    }

    [Fact]
    public void Step_QuickVariants_CoverTheWarmupDistanceBeforeTheirFirstDeviation()
    {
        foreach (var name in new[] { "fatigue-quick", "asymmetry-quick" })
        {
            var sut = CreateSut(name, seed: 1);
            var firstEvent = sut.Scenario.Events[0].At;

            var atDeviation = sut.At(firstEvent);

            Assert.InRange(firstEvent, TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(120));
            Assert.True(atDeviation.DistanceM >= 400, $"{name}: {atDeviation.DistanceM:0} m before the first deviation");
        }
    }

    [Fact]
    public void At_BackwardsInTime_Throws()
    {
        var sut = CreateSut("steady", seed: 1);
        sut.At(TimeSpan.FromSeconds(10));

        Assert.Throws<ArgumentOutOfRangeException>(() => sut.At(TimeSpan.FromSeconds(5)));
    }

    private static RunnerModel CreateSut(string scenario, int seed) => new(Scenario.Load(scenario), seed);

    private static List<RunnerVitals> Run(RunnerModel model, TimeSpan step, int count)
    {
        var list = new List<RunnerVitals>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(model.Step(step));
        }

        return list;
    }

    private static IEnumerable<RunnerVitals> Window(List<RunnerVitals> vitals, string from, string to)
    {
        var start = TimeSpan.Parse("00:" + from, System.Globalization.CultureInfo.InvariantCulture);
        var end = TimeSpan.Parse("00:" + to, System.Globalization.CultureInfo.InvariantCulture);
        return vitals.Where(v => v.Elapsed >= start && v.Elapsed <= end);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Fingerprint(RunnerVitals v) =>
        $"{v.Elapsed}|{v.SpeedMps:R}|{v.CadenceSpm:R}|{v.HeartRateBpm:R}|{string.Join(',', v.RrIntervalsMs)}|{v.VerticalOscillationCm:R}|{v.GroundContactMs:R}|{v.GctBalanceLeftPct:R}|{v.PowerW:R}|{v.DistanceM:R}";
}
