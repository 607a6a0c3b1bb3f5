using CsCheck;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Tests.Track;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class RepFadeRuleTests
{
    [Fact]
    public void Feed_FadingRunner_RaisesFromTheFirstRepFourPercentOff()
    {
        // Speed falls a fixed step a rep from rep 3 on: the first rep 4 % off depends on the step.
        Gen.Select(Gen.Double[4.2, 6.2], Gen.Double[0.8, 3], Gen.Double[300, 1200], Gen.Int[0, 100_000]).Sample((speed, stepPct, repM, seed) =>
        {
            var speeds = Enumerable.Range(1, 8).Select(n => n <= 2 ? speed : speed * (1 - (stepPct / 100 * (n - 2)))).ToArray();
            var session = Session(speeds, repM, seed);
            var reference = (session.Reps[0].PaceSecPerKm + session.Reps[1].PaceSecPerKm) / 2;

            var fades = Raised(session.Samples);

            for (var i = 2; i < session.Reps.Count; i++)
            {
                var slowerPct = (session.Reps[i].PaceSecPerKm / reference - 1) * 100;
                var named = fades.Any(a => a.Message.StartsWith($"Rep {i + 1}: pace", StringComparison.Ordinal));
                if (slowerPct >= 4.8)
                {
                    Assert.True(named, $"rep {i + 1} is {slowerPct:0.0} % slower and was not alerted");
                }
                else if (slowerPct <= 3.2)
                {
                    Assert.False(named, $"rep {i + 1} is only {slowerPct:0.0} % slower and was alerted");
                }
            }

            Assert.DoesNotContain(fades, a => a.Message.StartsWith("Rep 1:", StringComparison.Ordinal) || a.Message.StartsWith("Rep 2:", StringComparison.Ordinal));
        }, iter: 40);
    }

    [Fact]
    public void Feed_RunnerHoldingThePace_NeverRaises()
    {
        Gen.Select(Gen.Double[4.2, 6.2], Gen.Double[200, 2000], Gen.Double[0, 2.5], Gen.Int[0, 100_000]).Sample((speed, repM, noise, seed) =>
        {
            var session = Session([.. Enumerable.Repeat(speed, 8)], repM, seed, noise);

            Assert.Empty(Raised(session.Samples));
        }, iter: 40);
    }

    [Fact]
    public void Feed_LongerGroundContactAtThePace_RaisesNamingIt()
    {
        var segments = new List<Segment> { new(2.8, 120) };
        foreach (var contact in new[] { 1.0, 1.0, 1.02, 1.08 })
        {
            segments.Add(new Segment(5, 80, IsRep: true, ContactFactor: contact));
            segments.Add(new Segment(2.8, 90));
        }

        var fade = Assert.Single(Raised(IntervalSession.Build(segments, seed: 9).Samples));

        Assert.StartsWith("Rep 4: ground contact 238 ms, 8.1 % longer than reps 1-2 (220 ms)", fade.Message, StringComparison.Ordinal);
        Assert.Equal(220, fade.Baseline!.Value, tolerance: 1);
        Assert.Equal(AlertSeverity.Warning, fade.Severity);
        Assert.Contains(fade.SuggestedCue, AlertRules.For(AlertKind.RepFade).Cues);
        Assert.StartsWith("repFade.", fade.SuggestedCueId, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_SecondRepSlower_IsNeverJudged()
    {
        var session = Session([5, 4.5], 400, seed: 1);

        Assert.Empty(Raised(session.Samples));
    }

    [Fact]
    public void Feed_NextRepBackOnPace_ClearsTheFade()
    {
        var session = Session([5, 5, 4.6, 5], 400, seed: 2);
        var events = Feed(session.Samples, AlertSettings.Default);

        var raised = Assert.Single(events.Raised(AlertKind.RepFade));
        var cleared = Assert.Single(events.Cleared(AlertKind.RepFade));
        Assert.Equal(raised.AlertId, cleared.AlertId);
        Assert.StartsWith("Rep 3: pace 3:39/km, 8.5 % slower than reps 1-2", raised.Message, StringComparison.Ordinal);
        Assert.True(cleared.ClearedAt > session.Reps[3].EndedAt);
    }

    [Fact]
    public void Feed_ThresholdFromSettings_IsUsed()
    {
        var session = Session([5, 5, 4.75], 400, seed: 3);

        Assert.Empty(Feed(session.Samples, new AlertSettings { RepFadePacePct = 8 }).Raised(AlertKind.RepFade));
        Assert.Single(Feed(session.Samples, new AlertSettings { RepFadePacePct = 4 }).Raised(AlertKind.RepFade));
    }

    [Fact]
    public void OnMarker_CoachMarksRepsOfASteadyRun_JudgesTheMarkedRepsAsGetRepsDoes()
    {
        // A steady run the detector finds no reps in; the coach marks three "reps", the third 10 % slower.
        var session = MarkedSteadyRun();
        var marks = session.Reps.SelectMany((r, i) => new[]
        {
            new SessionMarker { MarkerId = (2 * i) + 1, Kind = MarkerKind.RepStart, At = r.StartedAt },
            new SessionMarker { MarkerId = (2 * i) + 2, Kind = MarkerKind.RepEnd, At = r.EndedAt },
        }).ToArray();

        var unmarked = Raised(session.Samples);
        // Group markers (no runner) sent before the runner's first sample; the last rep's marks only once the run is
        // under way, and one of them twice (another node's copy).
        var engine = new AlertEngine("s1", AlertSettings.Default);
        var events = new List<AlertEvent>();
        foreach (var marker in marks[..4])
        {
            engine.OnMarker(marker);
        }

        foreach (var sample in session.Samples)
        {
            if (sample.ObservedAt == session.Reps[1].EndedAt)
            {
                engine.OnMarker(marks[4]);
                engine.OnMarker(marks[5]);
                engine.OnMarker(marks[5]);
            }

            engine.Feed(AlertEngineTestExtensions.RunnerId, [sample], events);
        }

        Assert.Empty(unmarked);
        var fade = Assert.Single(events.Raised(AlertKind.RepFade));
        Assert.StartsWith("Rep 3: pace", fade.Message, StringComparison.Ordinal);
        Assert.Equal(AlertEngineTestExtensions.RunnerId, fade.RunnerId);
    }

    [Fact]
    public void OnMarker_AnotherRunnersMarksAndNotes_Ignored()
    {
        var session = MarkedSteadyRun();
        var engine = new AlertEngine("s1", AlertSettings.Default);
        var events = new List<AlertEvent>();
        var id = 0;
        foreach (var rep in session.Reps)
        {
            engine.OnMarker(new SessionMarker { MarkerId = ++id, Kind = MarkerKind.RepStart, RunnerId = "someone-else", At = rep.StartedAt });
            engine.OnMarker(new SessionMarker { MarkerId = ++id, Kind = MarkerKind.RepEnd, RunnerId = "someone-else", At = rep.EndedAt });
            engine.OnMarker(new SessionMarker { MarkerId = ++id, Kind = MarkerKind.Note, Text = "go", At = rep.StartedAt });
        }

        foreach (var sample in session.Samples)
        {
            engine.Feed(AlertEngineTestExtensions.RunnerId, [sample], events);
        }

        Assert.Empty(events.Raised(AlertKind.RepFade));
    }

    [Fact]
    public void Settings_Normalized_ReplacesAbsurdFadeThresholds()
    {
        var sut = new AlertSettings { RepFadePacePct = double.NaN, RepFadeContactPct = 90 }.Normalized();

        Assert.Equal(4, sut.RepFadePacePct);
        Assert.Equal(5, sut.RepFadeContactPct);
    }

    private static IntervalSession Session(double[] repSpeeds, double repM, int seed, double noisePct = 1.5)
    {
        var segments = new List<Segment> { new(2.8, 120) };
        foreach (var speed in repSpeeds)
        {
            segments.Add(new Segment(speed, repM / speed, IsRep: true));
            segments.Add(new Segment(2.8, 90));
        }

        return IntervalSession.Build(segments, seed, noisePct);
    }

    /// <summary>4 m/s throughout but for the third labelled stretch (3.6 m/s); the labels are where the coach marks reps.</summary>
    private static IntervalSession MarkedSteadyRun() => IntervalSession.Build(
        [
            new(4.0, 120), new(4.0, 60, IsRep: true), new(4.0, 60), new(4.0, 60, IsRep: true), new(4.0, 60),
            new(3.6, 60, IsRep: true), new(4.0, 60),
        ],
        seed: 5);

    private static List<FormAlert> Raised(IEnumerable<MetricSample> samples) => [.. Feed(samples, AlertSettings.Default).Raised(AlertKind.RepFade)];

    private static List<AlertEvent> Feed(IEnumerable<MetricSample> samples, AlertSettings settings)
    {
        var engine = new AlertEngine("s1", settings);
        var events = new List<AlertEvent>();
        foreach (var sample in samples)
        {
            engine.Feed(AlertEngineTestExtensions.RunnerId, [sample], events);
        }

        return events;
    }
}
