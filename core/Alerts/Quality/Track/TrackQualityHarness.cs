using System.Globalization;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Core.Alerts.Quality.Track;

/// <summary>
/// Plays the labelled track sessions (<see cref="TrackQualityPlan.Standard"/>) through the runner model at 1 Hz into
/// <see cref="RepDetector"/> and the alert engine, and scores what they find against the plan: every rep found, none
/// invented, boundaries, distances and 60 s heart-rate drops within their targets, and <c>repFade</c> on exactly the
/// reps planned at least 4 % slower than reps 1-2. Deterministic.
/// </summary>
public static class TrackQualityHarness
{
    private const long Epoch = 1_764_000_000_000;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinRecoveryForDrop = TimeSpan.FromSeconds(65);

    public static TrackQualityReport Run(int seeds = 4, IReadOnlyList<TrackQualityPlan>? plans = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        var sessions = new List<TrackSessionQuality>();
        var misses = new List<string>();
        foreach (var plan in plans ?? TrackQualityPlan.Standard)
        {
            var session = new TrackSessionQuality { Name = plan.Name, Runs = seeds };
            for (var seed = 1; seed <= seeds; seed++)
            {
                Score(plan, seed, session, misses);
            }

            sessions.Add(session);
        }

        return new TrackQualityReport { Sessions = sessions, Misses = misses };
    }

    private static void Score(TrackQualityPlan plan, int seed, TrackSessionQuality session, List<string> misses)
    {
        var (scenario, profile, truth) = plan.Build(seed);
        var (reps, fades, heartRate, distance) = Play(scenario, profile, seed, plan.Noisy);
        var name = $"{plan.Name}#{seed}";
        session.TruthReps += truth.Count;
        var matched = new HashSet<Rep>(ReferenceEqualityComparer.Instance);
        foreach (var t in truth)
        {
            var start = Epoch + (long)t.Start.TotalMilliseconds;
            var end = Epoch + (long)t.End.TotalMilliseconds;
            var found = reps.Where(r => !matched.Contains(r) && r.StartedAt < end && r.EndedAt > start)
                .OrderByDescending(r => Math.Min(r.EndedAt, end) - Math.Max(r.StartedAt, start)).FirstOrDefault();
            if (found is null)
            {
                misses.Add($"missed on {name}: rep {t.Number} {Clock(t.Start)}-{Clock(t.End)}");
                continue;
            }

            matched.Add(found);
            session.Found++;

            // The rep's true distance is what the runner covered between its true bounds (the footpod's truth, unrounded).
            var trueDistance = distance[end] - distance[start];
            var startError = Math.Abs(found.StartedAt - start) / 1000.0;
            var endError = Math.Abs(found.EndedAt - end) / 1000.0;
            var distanceError = Math.Abs(found.DistanceM - trueDistance) / trueDistance * 100;
            session.BoundaryErrorsS.Add(Math.Max(startError, endError));
            session.DistanceErrorsPct.Add(distanceError);
            if (Math.Max(startError, endError) > TrackQualityReport.TargetBoundaryS || distanceError > TrackQualityReport.TargetDistancePct)
            {
                misses.Add(FormattableString.Invariant(
                    $"off on {name}: rep {t.Number} start {(found.StartedAt - start) / 1000.0:+0.0;-0.0} s, end {(found.EndedAt - end) / 1000.0:+0.0;-0.0} s, {found.DistanceM:0} m for {trueDistance:0} m ({distanceError:0.0} %)"));
            }

            // The truth: the runner's own heart rate (before sensor rounding) at the planned end and 60 s later. A recovery
            // shorter than that (with the detector's few seconds to see the next rep) has no 60 s drop to measure.
            if (plan.Recovery >= MinRecoveryForDrop && heartRate.TryGetValue(end, out var atEnd) && heartRate.TryGetValue(end + 60_000, out var later))
            {
                var trueDrop = atEnd - later;
                if (found.HrDrop60Bpm is not { } drop)
                {
                    session.DropsMissing++;
                    misses.Add(FormattableString.Invariant($"no 60 s drop on {name}: rep {t.Number} (true {trueDrop:0} bpm)"));
                }
                else
                {
                    session.DropErrorsBpm.Add(Math.Abs(drop - trueDrop));
                    if (Math.Abs(drop - trueDrop) > TrackQualityReport.TargetDropBpm)
                    {
                        misses.Add(FormattableString.Invariant($"60 s drop off on {name}: rep {t.Number} {drop} bpm for {trueDrop:0.0}"));
                    }
                }
            }

            var fadeExpected = t.SlowdownPct >= AlertSettings.Default.RepFadePacePct;
            var fade = fades.Find(f => f.StartedAt >= found.EndedAt && f.StartedAt < found.EndedAt + 60_000);
            var faded = fade is not null;
            session.FadeExpected += fadeExpected ? 1 : 0;
            session.FadeRaised += fadeExpected && faded ? 1 : 0;
            if (faded && !fadeExpected)
            {
                session.FadeUnexpected++;
                misses.Add(FormattableString.Invariant($"unexpected repFade on {name}: rep {t.Number} (planned {t.SlowdownPct:0.0} % slower): {fade!.Message}"));
            }
            else if (fadeExpected && !faded)
            {
                misses.Add(FormattableString.Invariant($"missed repFade on {name}: rep {t.Number} (planned {t.SlowdownPct:0.0} % slower)"));
            }
        }

        foreach (var rep in reps.Where(r => !matched.Contains(r)))
        {
            session.Invented++;
            misses.Add(FormattableString.Invariant(
                $"invented on {name}: rep {rep.Number} {Clock(rep.StartedAt)}-{Clock(rep.EndedAt)}, {rep.DistanceM:0} m"));
            if (fades.Exists(f => f.StartedAt >= rep.EndedAt && f.StartedAt < rep.EndedAt + 60_000))
            {
                session.FadeUnexpected++;
            }
        }
    }

    /// <summary>Plays one session: the detector's reps (with their recoveries), the repFade alerts' times, the true heart rate and distance by time.</summary>
    private static (List<Rep> Reps, List<FormAlert> Fades, Dictionary<long, double> HeartRate, Dictionary<long, double> Distance) Play(Scenario scenario, RunnerProfile profile, int seed, bool noisy)
    {
        var model = new RunnerModel(scenario, seed, profile);
        var detector = new RepDetector();
        var engine = new AlertEngine("track-quality", AlertSettings.Default);
        var spikes = new DeterministicRandom(DeterministicRandom.Mix(seed, 0x5B1CE));
        var repEvents = new List<RepEvent>();
        var alertEvents = new List<AlertEvent>();
        var reps = new List<Rep>();
        var fades = new List<FormAlert>();
        var heartRate = new Dictionary<long, double>();
        var distance = new Dictionary<long, double>();
        var sample = new MetricSample[1];
        var seq = 0L;
        for (var t = SampleInterval; t <= scenario.Duration; t += SampleInterval)
        {
            var vitals = model.At(t);
            var at = Epoch + (long)t.TotalMilliseconds;
            heartRate[at] = vitals.HeartRateBpm;
            distance[at] = vitals.DistanceM;
            var s = vitals.ToMetricSample(at) with { Seq = ++seq };
            if (noisy && s.SpeedMps is { } speed && spikes.NextDouble() < 0.03)
            {
                s = s with { SpeedMps = Math.Round(speed * (0.4 + (1.4 * spikes.NextDouble())), 3) };
            }

            detector.Observe(s, repEvents);
            foreach (var e in repEvents)
            {
                if (e.Kind == RepEventKind.Completed)
                {
                    reps.Add(e.Rep);
                }
                else if (reps.FindIndex(r => r.Number == e.Rep.Number) is var i and >= 0)
                {
                    reps[i] = e.Rep;
                }
            }

            repEvents.Clear();
            sample[0] = s;
            engine.Feed("runner", sample, alertEvents);
            engine.Tick(at, alertEvents);
            fades.AddRange(alertEvents.Where(e => e.Kind == AlertEventKind.Raised && e.Alert.Kind == AlertKind.RepFade).Select(e => e.Alert));
            alertEvents.Clear();
        }

        return (reps, fades, heartRate, distance);
    }

    private static string Clock(TimeSpan t) => t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    private static string Clock(long at) => Clock(TimeSpan.FromMilliseconds(at - Epoch));
}
