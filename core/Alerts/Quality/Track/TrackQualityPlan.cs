using MindMuscle.Live.Core.Runners;

namespace MindMuscle.Live.Core.Alerts.Quality.Track;

/// <summary>What a labelled track session is: interval reps, a steady tempo with pace waves, or a fartlek of strides.</summary>
public enum TrackSessionKind
{
    Intervals = 0,
    Tempo = 1,
    Fartlek = 2,
}

/// <summary>
/// One labelled track session for the simulator: the plan a coach would write (reps of a distance at a speed with
/// recoveries, walking or jogging), played by a seeded, varied runner. Speeds are for the default track runner (a 3.0 m/s
/// jog) and scale with the varied runner's jog.
/// </summary>
public sealed record TrackQualityPlan
{
    /// <summary>The track runner's jog (its profile's base speed), m/s.</summary>
    public const double JogMps = 3.0;

    /// <summary>A walking recovery, m/s.</summary>
    public const double WalkMps = 1.4;

    private static readonly TimeSpan Ramp = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WarmUp = TimeSpan.FromMinutes(8);

    public required string Name { get; init; }

    public TrackSessionKind Kind { get; init; }

    public int Reps { get; init; }

    public double RepDistanceM { get; init; }

    public double RepSpeedMps { get; init; }

    public TimeSpan Recovery { get; init; }

    public bool WalkingRecovery { get; init; }

    /// <summary>Each rep's speed as a share of <see cref="RepSpeedMps"/> (a fading runner); empty: all the same.</summary>
    public IReadOnlyList<double> RepSpeedShares { get; init; } = [];

    /// <summary>Wild speed readings (3 % of samples) and a 4 s footpod dropout in the middle of rep 2.</summary>
    public bool Noisy { get; init; }

    /// <summary>Tempo and fartlek: how long the session runs.</summary>
    public TimeSpan Length { get; init; } = TimeSpan.FromMinutes(40);

    /// <summary>The labelled sessions of docs/alert-quality.md's track section.</summary>
    public static IReadOnlyList<TrackQualityPlan> Standard { get; } =
    [
        new() { Name = "10x200 walk 0:45", Reps = 10, RepDistanceM = 200, RepSpeedMps = 6.4, Recovery = TimeSpan.FromSeconds(45), WalkingRecovery = true },
        new() { Name = "8x400 jog 1:00", Reps = 8, RepDistanceM = 400, RepSpeedMps = 5.9, Recovery = TimeSpan.FromSeconds(60) },
        new() { Name = "6x800 jog 1:30", Reps = 6, RepDistanceM = 800, RepSpeedMps = 5.4, Recovery = TimeSpan.FromSeconds(90) },
        new() { Name = "5x1000 walk 2:00", Reps = 5, RepDistanceM = 1000, RepSpeedMps = 5.2, Recovery = TimeSpan.FromMinutes(2), WalkingRecovery = true },
        new() { Name = "4x1600 jog 3:00 noisy", Reps = 4, RepDistanceM = 1600, RepSpeedMps = 4.9, Recovery = TimeSpan.FromMinutes(3), Noisy = true },
        new() { Name = "3x2000 walk 4:00", Reps = 3, RepDistanceM = 2000, RepSpeedMps = 4.8, Recovery = TimeSpan.FromMinutes(4), WalkingRecovery = true },
        new()
        {
            Name = "6x800 jog 1:30 fading", Reps = 6, RepDistanceM = 800, RepSpeedMps = 5.4, Recovery = TimeSpan.FromSeconds(90),
            RepSpeedShares = [1, 1, 0.98, 0.945, 0.92, 0.90],
        },
        new() { Name = "tempo 40:00 +-4 % waves", Kind = TrackSessionKind.Tempo, RepSpeedMps = 4.2 },
        new() { Name = "fartlek 20 s strides", Kind = TrackSessionKind.Fartlek, RepSpeedMps = 4.6, Length = TimeSpan.FromMinutes(30) },
    ];

    /// <summary>The track runner: a 3.0 m/s jog, heart rate 140 there.</summary>
    public static RunnerProfile TrackRunner { get; } = RunnerProfile.Default with { SpeedMps = JogMps, HeartRateAtBaseBpm = 140 };

    /// <summary>Each rep's planned pace slowdown against the mean of reps 1-2, percent (0 when all reps are alike).</summary>
    public double SlowdownPct(int repNumber)
    {
        if (RepSpeedShares.Count < repNumber || RepSpeedShares.Count < 2)
        {
            return 0;
        }

        var firstPace = ((1 / RepSpeedShares[0]) + (1 / RepSpeedShares[1])) / 2;
        return ((1 / RepSpeedShares[repNumber - 1]) - firstPace) / firstPace * 100;
    }

    /// <summary>The scenario a seeded runner plays, and the reps as planned (truth).</summary>
    public (Scenario Scenario, RunnerProfile Profile, IReadOnlyList<TrackTruthRep> Reps) Build(int seed)
    {
        var profile = TrackRunner.Vary(seed);
        var scale = profile.SpeedMps / JogMps;
        return Kind switch
        {
            TrackSessionKind.Tempo => (Tempo(profile with { SpeedMps = RepSpeedMps * scale }), profile with { SpeedMps = RepSpeedMps * scale }, []),
            TrackSessionKind.Fartlek => (Fartlek(profile, scale), profile, []),
            _ => Intervals(profile, scale),
        };
    }

    private (Scenario, RunnerProfile, IReadOnlyList<TrackTruthRep>) Intervals(RunnerProfile profile, double scale)
    {
        var events = new List<ScenarioEvent>();
        var truth = new List<TrackTruthRep>();
        var at = WarmUp;
        for (var i = 0; i < Reps; i++)
        {
            var speed = RepSpeedMps * scale * (RepSpeedShares.Count > i ? RepSpeedShares[i] : 1);

            // Planned from mid-ramp to mid-ramp: a hold of the rest covers the distance at speed.
            var hold = TimeSpan.FromSeconds(Math.Round((RepDistanceM / speed) - Ramp.TotalSeconds));
            events.Add(new ScenarioEvent
            {
                At = at, Over = Ramp, For = hold, Label = $"rep {i + 1}",
                Changes = new Dictionary<ScenarioMetric, MetricChange> { [ScenarioMetric.Speed] = MetricChange.Absolute(speed) },
            });
            var start = at + (Ramp / 2);
            var end = at + Ramp + hold + (Ramp / 2);
            truth.Add(new TrackTruthRep(i + 1, start, end, speed * (end - start).TotalSeconds, SlowdownPct(i + 1)));
            var next = end + Recovery - (Ramp / 2);
            if (WalkingRecovery)
            {
                // The walk eases in as the rep eases out, and out as the next rep eases in.
                var walkFrom = at + Ramp + hold;
                var walkUntil = i == Reps - 1 ? walkFrom + Recovery : next;
                events.Add(new ScenarioEvent
                {
                    At = walkFrom, Over = Ramp, For = walkUntil - walkFrom - Ramp, Label = "walk",
                    Changes = new Dictionary<ScenarioMetric, MetricChange> { [ScenarioMetric.Speed] = MetricChange.Absolute(WalkMps * scale) },
                });
            }

            if (Noisy && i == 1)
            {
                events.Add(new ScenarioEvent { At = start + ((end - start) / 2), Sensor = RunnerSensor.Footpod, Drop = TimeSpan.FromSeconds(4), Label = "footpod drop" });
            }

            at = next;
        }

        var scenario = new Scenario
        {
            Name = Name,
            Description = $"{Reps} x {RepDistanceM:0} m, {Recovery.TotalSeconds:0} s {(WalkingRecovery ? "walking" : "jogging")} recoveries",
            Duration = truth[^1].End + Recovery + TimeSpan.FromMinutes(3),
            Profile = profile,
            Events = [.. events.OrderBy(e => e.At)],
        };
        return (scenario, profile, truth);
    }

    /// <summary>A steady tempo whose pace swings ±4 % (wind on the back straight) every 75 s.</summary>
    private Scenario Tempo(RunnerProfile profile)
    {
        var events = new List<ScenarioEvent>();
        var up = true;
        for (var at = TimeSpan.FromMinutes(1); at < Length - TimeSpan.FromMinutes(1); at += TimeSpan.FromSeconds(75))
        {
            events.Add(new ScenarioEvent
            {
                At = at, Over = TimeSpan.FromSeconds(12), For = TimeSpan.FromSeconds(25), Label = up ? "tailwind" : "headwind",
                Changes = new Dictionary<ScenarioMetric, MetricChange> { [ScenarioMetric.Speed] = MetricChange.Relative(up ? 0.04 : -0.04) },
            });
            up = !up;
        }

        return new Scenario { Name = Name, Description = "steady tempo, pace waves of ±4 %", Duration = Length, Profile = profile, Events = events };
    }

    /// <summary>A steady run with a 20 s stride every 90 s after the warm-up.</summary>
    private Scenario Fartlek(RunnerProfile profile, double scale)
    {
        var events = new List<ScenarioEvent>();
        for (var at = WarmUp; at < Length - TimeSpan.FromMinutes(2); at += TimeSpan.FromSeconds(90))
        {
            events.Add(new ScenarioEvent
            {
                At = at, Over = Ramp, For = TimeSpan.FromSeconds(18), Label = "stride",
                Changes = new Dictionary<ScenarioMetric, MetricChange> { [ScenarioMetric.Speed] = MetricChange.Absolute(RepSpeedMps * scale * 1.25) },
            });
        }

        return new Scenario { Name = Name, Description = "20 s strides every 90 s", Duration = Length, Profile = profile, Events = events };
    }
}

/// <summary>A rep as planned: number, start and end (run time, mid-ramp), distance at the planned speed, slowdown against reps 1-2.</summary>
public sealed record TrackTruthRep(int Number, TimeSpan Start, TimeSpan End, double DistanceM, double SlowdownPct);
