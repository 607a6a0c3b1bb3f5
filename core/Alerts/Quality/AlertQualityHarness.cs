using System.Diagnostics;
using System.Globalization;
using MindMuscle.Live.Core.Alerts.Rules;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Alerts.Quality;

/// <summary>
/// Plays labelled scenarios through the shared seeded runner model into the alert engine and scores the alerts against
/// each scenario's ground truth (<see cref="Scenario.ExpectedAlerts"/>): detection rate and delay per kind, false alerts
/// per runner-hour on steady runs. Deterministic: same cases, same report (apart from the timing figure).
/// </summary>
public static class AlertQualityHarness
{
    /// <summary>Sample rate fed to the engine: one merged reading a second, as a relay sends by default.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    /// <summary>An alert raised up to this long after an event ended still counts as detecting it (the median lags).</summary>
    public static readonly TimeSpan LateGrace = TimeSpan.FromSeconds(30);

    private const long Epoch = 1_764_000_000_000;

    /// <summary>Scenarios whose events are the session's plan (see <see cref="AlertQualityCase.IsPlanned"/>).</summary>
    private static readonly HashSet<string> PlannedScenarios = new(StringComparer.Ordinal) { "intervals" };
    private const string ResourcePrefix = "MindMuscle.Live.Core.Alerts.Quality.Scenarios.";

    /// <summary>The harness's own labelled scenarios (embedded), by name.</summary>
    public static IReadOnlyList<string> QualityScenarioNames { get; } = typeof(AlertQualityHarness).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static Scenario LoadQualityScenario(string name)
    {
        using var stream = typeof(AlertQualityHarness).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json")
            ?? throw new ScenarioException($"No alert-quality scenario named '{name}'.");
        using var reader = new StreamReader(stream);
        return Scenario.Parse(reader.ReadToEnd(), name);
    }

    /// <summary>
    /// The standard case set: every built-in simulator scenario and the harness's own, each with
    /// <paramref name="seeds"/> seeded runners (profiles varied per seed), default settings except where a scenario needs
    /// a target pace or a heart-rate ceiling.
    /// </summary>
    public static IReadOnlyList<AlertQualityCase> StandardCases(int seeds = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        var cases = new List<AlertQualityCase>();
        var scenarios = Scenario.BuiltInNames.Select(Scenario.Load).Concat(QualityScenarioNames.Select(LoadQualityScenario));
        foreach (var scenario in scenarios)
        {
            // Steady runs get twice the seeds: the false-alert rate needs runner-hours.
            var count = scenario.Events.Count == 0 ? seeds * 2 : seeds;
            for (var seed = 1; seed <= count; seed++)
            {
                var profile = scenario.Profile.Vary(seed);

                // The truth is derived from the scenario's profile: give it the varied runner the model plays.
                var played = scenario with { Profile = profile };
                var settings = AlertSettings.Default;
                if (scenario.Name == "quality-steps")
                {
                    settings = settings with { TargetPaceSecPerKm = 1000 / profile.SpeedMps, HrCeilingBpm = (int)Math.Round(profile.HeartRateAtBaseBpm * 1.08) };
                }

                cases.Add(new AlertQualityCase(played, seed, profile, settings) { IsPlanned = PlannedScenarios.Contains(scenario.Name) });
            }
        }

        return cases;
    }

    public static AlertQualityReport Run(IReadOnlyList<AlertQualityCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var kinds = Enum.GetValues<AlertKind>();
        var stats = kinds.ToDictionary(k => k, _ => new KindStats());
        var misses = new List<string>();
        double steadyHours = 0;
        var falseAlerts = 0;
        long samples = 0;
        long engineTicks = 0;

        foreach (var @case in cases)
        {
            var (alerts, count, ticks) = Play(@case);
            samples += count;
            engineTicks += ticks;
            var duration = @case.Scenario.Duration;
            if (@case.IsSteady)
            {
                steadyHours += duration.TotalHours;
                foreach (var alert in alerts)
                {
                    falseAlerts++;
                    stats[alert.Kind].FalseOnSteady++;
                    misses.Add($"false alert on {@case.Name}: {AlertKindNames.Of(alert.Kind)} at {RunTime(alert.StartedAt)} ({alert.Message})");
                }

                continue;
            }

            if (@case.IsPlanned)
            {
                foreach (var alert in alerts)
                {
                    stats[alert.Kind].OnPlannedRuns++;
                }

                continue;
            }

            Score(@case, alerts, stats, misses);
        }

        var report = new AlertQualityReport
        {
            Kinds = [.. kinds.Where(k => AlertRules.For(k).IsScoredOnScenarios).Select(k => stats[k].ToQuality(k))],
            Cases = cases.Count,
            Scenarios = cases.Select(c => c.Scenario.Name).Distinct(StringComparer.Ordinal).Count(),
            SteadyRunnerHours = steadyHours,
            FalseAlerts = falseAlerts,
            Samples = samples,
            EngineNanosPerSample = samples == 0 ? 0 : engineTicks * (1e9 / Stopwatch.Frequency) / samples,
            Misses = misses,
        };
        return report;
    }

    /// <summary>Plays one case: one merged sample a second (none while every sensor is silent), a Tick every second like the hub.</summary>
    private static (List<FormAlert> Alerts, long Samples, long EngineTicks) Play(AlertQualityCase @case)
    {
        var model = new RunnerModel(@case.Scenario, @case.Seed, @case.Profile);
        var engine = new AlertEngine("quality", @case.Settings);
        var events = new List<AlertEvent>();
        var byId = new Dictionary<string, FormAlert>(StringComparer.Ordinal);
        var order = new List<string>();
        var seq = 0L;
        long ticks = 0;
        var sample = new MetricSample[1];
        for (var t = SampleInterval; t <= @case.Scenario.Duration; t += SampleInterval)
        {
            var vitals = model.At(t);
            var at = Epoch + (long)t.TotalMilliseconds;
            var start = Stopwatch.GetTimestamp();
            if (vitals.HeartRateConnected || vitals.FootpodConnected || vitals.PowerConnected)
            {
                sample[0] = vitals.ToMetricSample(at) with { Seq = ++seq };
                engine.Feed("runner", sample, events);
            }

            engine.Tick(at, events);
            ticks += Stopwatch.GetTimestamp() - start;
            foreach (var e in events)
            {
                if (byId.TryAdd(e.Alert.AlertId, e.Alert))
                {
                    order.Add(e.Alert.AlertId);
                }
                else
                {
                    byId[e.Alert.AlertId] = e.Alert;
                }
            }

            events.Clear();
        }

        return ([.. order.Select(id => byId[id])], seq, ticks);
    }

    private static void Score(AlertQualityCase @case, List<FormAlert> alerts, Dictionary<AlertKind, KindStats> stats, List<string> misses)
    {
        var scenario = @case.Scenario;
        var thresholds = Thresholds(@case.Settings);
        var expected = scenario.ExpectedAlerts(thresholds);
        var rules = AlertRules.Create(@case.Settings).ToDictionary(r => r.Kind);
        var explained = new HashSet<FormAlert>(ReferenceEqualityComparer.Instance);
        foreach (var e in expected)
        {
            var s = stats[e.Kind];
            s.Expected++;
            var start = Epoch + (long)e.StartsAt.TotalMilliseconds;
            var end = Epoch + (long)((e.EndsAt ?? scenario.Duration) + LateGrace).TotalMilliseconds;
            var raised = alerts.FirstOrDefault(a => a.Kind == e.Kind && a.StartedAt >= start && a.StartedAt <= end);
            var open = alerts.FirstOrDefault(a => a.Kind == e.Kind && a.StartedAt < start && (a.ClearedAt is null || a.ClearedAt > start));
            if (raised is not null)
            {
                explained.Add(raised);
                s.Detected++;
                var onset = Epoch + (long)Onset(scenario, e, rules[e.Kind]).TotalMilliseconds;
                var delay = Math.Max(0, raised.StartedAt - onset) / 1000.0;
                s.Delays.Add(delay);
                if (delay > AlertQualityReport.TargetMedianDelaySeconds)
                {
                    misses.Add(FormattableString.Invariant(
                        $"slow on {@case.Name}: {AlertKindNames.Of(e.Kind)} from {e.StartsAt:mm\\:ss}, threshold reached {RunTime(onset)}, raised {RunTime(raised.StartedAt)} ({delay:0} s)"));
                }

                s.DelaysFromStart.Add((raised.StartedAt - start) / 1000.0);
            }
            else if (open is not null)
            {
                explained.Add(open);
                s.Detected++;
                s.AlreadyOpen++;
                s.Delays.Add(0);
                s.DelaysFromStart.Add(0);
            }
            else
            {
                misses.Add($"missed on {@case.Name}: {AlertKindNames.Of(e.Kind)} from {e.StartsAt:mm\\:ss} ({e.Reason})");
            }

            // Every alert of the kind inside the event's window belongs to it (a flapping alert is not a false one here).
            foreach (var a in alerts.Where(a => a.Kind == e.Kind && a.StartedAt >= start && a.StartedAt <= end))
            {
                explained.Add(a);
            }
        }

        foreach (var alert in alerts.Where(a => !explained.Contains(a)))
        {
            stats[alert.Kind].Unexpected++;
            misses.Add($"unexpected on {@case.Name}: {AlertKindNames.Of(alert.Kind)} at {RunTime(alert.StartedAt)} ({alert.Message})");
        }
    }

    /// <summary>
    /// When the noise-free deviation first reaches the rule's threshold (<see cref="AlertRule.HasReached"/>): the event start
    /// for a step, later for a ramp. An alert cannot be right before that, so delay targets are measured from here.
    /// </summary>
    private static TimeSpan Onset(Scenario scenario, ExpectedAlert e, AlertRule rule)
    {
        var ev = scenario.Events[e.EventIndex];
        if (ev.Changes.Count == 0)
        {
            return e.StartsAt;
        }

        var before = RunnerTargets.Compute(scenario.Profile, scenario.Events, e.StartsAt - TimeSpan.FromMilliseconds(1));
        var heartRate = before.HeartRateBpm;
        var speed = before.SpeedMps;

        // Measured heart rate and speed follow their targets with the model's lags (docs/simulator.md: heart rate 25 s
        // rising / 40 s falling, speed 4 s): the deviation is not in the data before the body shows it.
        for (var t = e.StartsAt; t <= ev.FullyAppliedAt + TimeSpan.FromMinutes(2); t += TimeSpan.FromSeconds(1))
        {
            var target = RunnerTargets.Compute(scenario.Profile, scenario.Events, t);
            heartRate += (target.HeartRateBpm - heartRate) * (1 - Math.Exp(-1 / (target.HeartRateBpm > heartRate ? 25.0 : 40.0)));
            speed += (target.SpeedMps - speed) * (1 - Math.Exp(-1 / 4.0));
            var now = target with { HeartRateBpm = heartRate, SpeedMps = speed, StrideLengthM = speed * 60 / target.CadenceSpm };
            var reached = rule.HasReached(Reading(before), Reading(now));
            if (reached)
            {
                return t;
            }
        }

        return ev.FullyAppliedAt;
    }

    private static FormReading Reading(in RunnerTargets t) => new(
        t.CadenceSpm, t.StrideLengthM, t.SpeedMps, t.VerticalOscillationCm, t.GroundContactMs, t.GctBalanceLeftPct, t.HeartRateBpm);

    /// <summary>The scenario's truth speaks its own vocabulary (core/Runners): the settings, translated.</summary>
    private static ExpectedAlertThresholds Thresholds(AlertSettings settings)
    {
        var s = settings.Normalized();
        return new ExpectedAlertThresholds
        {
            CadenceDropPct = s.CadenceDropPct,
            StrideChangePct = s.StrideChangePct,
            OverstrideStrideUpPct = s.OverstrideStridePct,
            OverstrideCadenceDownPct = s.OverstrideCadencePct,
            VerticalOscillationUpPct = s.HeavyFootfallOscillationPct,
            GroundContactUpPct = s.HeavyFootfallContactPct,
            BalanceBandPct = s.ImbalanceMaxSharePct - 50,
            HrDriftPct = s.HrDriftPct,
            HrDriftPaceBandPct = s.HrDriftPaceBandPct,
            HrCeilingBpm = s.HrCeilingBpm,
            SensorLostAfter = TimeSpan.FromSeconds(s.SensorLostSeconds),
            LowBatteryPct = s.LowBatteryPct,
        };
    }

    private static string RunTime(long at) =>
        TimeSpan.FromMilliseconds(at - Epoch).ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    private sealed class KindStats
    {
        public int Expected { get; set; }

        public int Detected { get; set; }

        public int AlreadyOpen { get; set; }

        public int Unexpected { get; set; }

        public int FalseOnSteady { get; set; }

        public int OnPlannedRuns { get; set; }

        public List<double> Delays { get; } = [];

        public List<double> DelaysFromStart { get; } = [];

        public KindQuality ToQuality(AlertKind kind) => new()
        {
            Kind = kind,
            Expected = Expected,
            Detected = Detected,
            AlreadyOpen = AlreadyOpen,
            MedianDelaySeconds = Median(Delays),
            MaxDelaySeconds = Delays.Count == 0 ? null : Delays.Max(),
            MedianDelayFromEventStartSeconds = Median(DelaysFromStart),
            Unexpected = Unexpected,
            FalseOnSteady = FalseOnSteady,
            OnPlannedRuns = OnPlannedRuns,
        };

        private static double? Median(List<double> values)
        {
            if (values.Count == 0)
            {
                return null;
            }

            var sorted = values.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
