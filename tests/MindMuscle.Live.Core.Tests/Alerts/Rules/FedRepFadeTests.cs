using CsCheck;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Tests.Track;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

/// <summary>
/// An engine made with <see cref="RepSource.Fed"/> runs no detector: <c>repFade</c> judges the reps its caller's
/// detector found (the hub's live track), and must judge them as the engine's own detector would.
/// </summary>
public sealed class FedRepFadeTests
{
    private const string RunnerId = AlertEngineTestExtensions.RunnerId;

    [Fact]
    public void OnRep_RepsOfAnOutsideDetectorFedAfterEachSample_SameAlertsAsTheEngineDetectingThem()
    {
        // Reps of random speeds (some fading, some not), detected or marked by the coach (group marks, one sent twice).
        Gen.Select(Gen.Double[4.2, 6.2].Array[3, 7], Gen.Double[300, 1000], Gen.Int[0, 100_000], Gen.Bool).Sample((speeds, repM, seed, marked) =>
        {
            var session = Session(speeds, repM, seed);
            var marks = marked ? Marks(session) : [];
            var detecting = new AlertEngine("s1", AlertSettings.Default);
            var fed = new AlertEngine("s1", AlertSettings.Default, reps: RepSource.Fed);
            var detector = new RepDetector();
            var expected = new List<AlertEvent>();
            var actual = new List<AlertEvent>();
            var found = new List<RepEvent>();
            var markerIds = new HashSet<long>();
            foreach (var marker in marks)
            {
                detecting.OnMarker(marker);
                fed.OnMarker(marker);
                if (markerIds.Add(marker.MarkerId))
                {
                    // The hub's live track applies a marker id once, as the engine does.
                    detector.Mark(TrackMarkers.From(marker)!.Value);
                }
            }

            foreach (var sample in session.Samples)
            {
                detecting.Feed(RunnerId, [sample], expected);
                fed.Feed(RunnerId, [sample], actual);
                detector.Observe(sample, found);
                foreach (var (kind, rep) in found)
                {
                    if (kind == RepEventKind.Completed)
                    {
                        fed.OnRep(RunnerId, rep, detector.SampleTime, judge: true, actual);
                    }
                }

                found.Clear();
            }

            Assert.Equal(Comparable(expected), Comparable(actual));
        }, iter: 25);
    }

    [Fact]
    public void OnRep_RepsFedAfterEachBatchAsTheHubDoes_SameAlertsAsTheEngineDetectingThem()
    {
        // The hub feeds a publish's batch to the engine, then the reps the live track found in it: a fade is judged
        // after the batch's other rules, not after its own sample. The same alerts; only their order within a batch
        // (and so which cue each suggests) may differ.
        Gen.Select(Gen.Double[4.2, 6.2].Array[3, 7], Gen.Double[300, 1000], Gen.Int[0, 100_000], Gen.Int[1, 40]).Sample((speeds, repM, seed, batchSize) =>
        {
            var session = Session(speeds, repM, seed);
            var detecting = new AlertEngine("s1", AlertSettings.Default);
            var fed = new AlertEngine("s1", AlertSettings.Default, reps: RepSource.Fed);
            var detector = new RepDetector();
            var expected = new List<AlertEvent>();
            var actual = new List<AlertEvent>();
            var found = new List<RepEvent>();
            foreach (var batch in session.Samples.Chunk(batchSize))
            {
                detecting.Feed(RunnerId, batch, expected);
                fed.Feed(RunnerId, batch, actual);
                // As the live track does: each rep with the time of the sample that completed it, told after the batch.
                var completed = new List<(Rep Rep, long At)>();
                foreach (var sample in batch)
                {
                    detector.Observe(sample, found);
                    completed.AddRange(found.Where(e => e.Kind == RepEventKind.Completed).Select(e => (e.Rep, detector.SampleTime)));
                    found.Clear();
                }

                foreach (var (rep, at) in completed)
                {
                    fed.OnRep(RunnerId, rep, at, judge: true, actual);
                }
            }

            Assert.Equal(Comparable(expected), Comparable(actual));
            Assert.Equal(expected.Count(e => e.Alert.Kind == AlertKind.RepFade), actual.Count(e => e.Alert.Kind == AlertKind.RepFade));
        }, iter: 25);
    }

    [Fact]
    public void OnRep_FirstTwoRepsToldBefore_TheyStayTheMeasureAndOnlyLaterRepsAreJudged()
    {
        var session = Session([5, 5, 4.6, 4.6], 400, seed: 2);
        var reps = Detected(session);
        var sut = new AlertEngine("s1", AlertSettings.Default, reps: RepSource.Fed);
        var events = new List<AlertEvent>();
        sut.Feed(RunnerId, [session.Samples[0]], events);

        // Reps 1-3 found catching up on the recording (a restarted hub); rep 4 live.
        foreach (var rep in reps[..3])
        {
            sut.OnRep(RunnerId, rep, rep.EndedAt, judge: false, events);
        }

        Assert.Empty(events);
        sut.OnRep(RunnerId, reps[3], reps[3].EndedAt + 6_000, judge: true, events);

        var fade = Assert.Single(events.Raised(AlertKind.RepFade));
        Assert.StartsWith("Rep 4: pace", fade.Message, StringComparison.Ordinal);
        Assert.Equal(reps[3].EndedAt + 6_000, fade.StartedAt);
    }

    [Fact]
    public void OnRep_EngineDetectingItsOwnReps_IgnoresThem()
    {
        var session = Session([5, 5, 4.6], 400, seed: 2);
        var reps = Detected(session);
        var sut = new AlertEngine("s1", AlertSettings.Default);
        var events = new List<AlertEvent>();
        sut.Feed(RunnerId, [session.Samples[0]], events);

        foreach (var rep in reps)
        {
            sut.OnRep(RunnerId, rep, rep.EndedAt, judge: true, events);
        }

        Assert.Equal(RepSource.Detect, sut.Reps);
        Assert.Empty(events);
    }

    [Fact]
    public void Feed_FedEngine_FindsNoRepsOfItsOwnNorFollowsMarks()
    {
        var session = Session([5, 5, 4.6, 4.6], 400, seed: 2);
        var sut = new AlertEngine("s1", AlertSettings.Default, reps: RepSource.Fed);
        var events = new List<AlertEvent>();
        foreach (var marker in Marks(session))
        {
            sut.OnMarker(marker);
        }

        foreach (var sample in session.Samples)
        {
            sut.Feed(RunnerId, [sample], events);
        }

        Assert.Empty(events.Raised(AlertKind.RepFade));
    }

    [Fact]
    public void Feed_FedEngine_ARunnerWeighsLessThanOneWithItsOwnDetector()
    {
        var sample = Session([5], 400, seed: 1).Samples[0];

        var detecting = RunnerBytes(new AlertEngine("s1", AlertSettings.Default), sample);
        var fed = RunnerBytes(new AlertEngine("s1", AlertSettings.Default, reps: RepSource.Fed), sample);
        var detector = Allocated(() => new RepDetector());

        // The detector is the difference (a ring of 512 readings and a speed median, ~26 KB), give or take the rule's list.
        Assert.InRange(detecting - fed, detector - 256, detector + 256);
        Assert.True(detector > 20_000, $"a detector allocates {detector} bytes");
    }

    /// <summary>What a runner's first sample allocates in an engine that has seen another runner already.</summary>
    private static long RunnerBytes(AlertEngine engine, MetricSample sample)
    {
        MetricSample[] batch = [sample];
        var events = new List<AlertEvent>();
        engine.Feed("warm", batch, events);
        var before = GC.GetAllocatedBytesForCurrentThread();
        engine.Feed(RunnerId, batch, events);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long Allocated(Func<object> create)
    {
        GC.KeepAlive(create());
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(create());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static Rep[] Detected(IntervalSession session)
    {
        var detector = new RepDetector();
        var events = new List<RepEvent>();
        foreach (var sample in session.Samples)
        {
            detector.Observe(sample, events);
        }

        return [.. events.Where(e => e.Kind == RepEventKind.Completed).Select(e => e.Rep)];
    }

    /// <summary>The events without the suggested cues (their rotation follows the order of raises within one sample).</summary>
    private static List<string> Comparable(List<AlertEvent> events) =>
        [.. events.Select(e => $"{e.Kind} {e.Alert with { SuggestedCue = null, SuggestedCueId = null }}").Order(StringComparer.Ordinal)];

    private static SessionMarker[] Marks(IntervalSession session) =>
    [
        .. session.Reps.SelectMany((r, i) => new[]
        {
            new SessionMarker { MarkerId = (2 * i) + 1, Kind = MarkerKind.RepStart, At = r.StartedAt },
            new SessionMarker { MarkerId = (2 * i) + 2, Kind = MarkerKind.RepEnd, At = r.EndedAt },
        }),
        new SessionMarker { MarkerId = 1, Kind = MarkerKind.RepStart, At = session.Reps[0].StartedAt },
    ];

    private static IntervalSession Session(double[] repSpeeds, double repM, int seed)
    {
        var segments = new List<Segment> { new(2.8, 120) };
        foreach (var speed in repSpeeds)
        {
            segments.Add(new Segment(speed, repM / speed, IsRep: true));
            segments.Add(new Segment(2.8, 90));
        }

        return IntervalSession.Build(segments, seed);
    }
}
