using MindMuscle.Live.Core.Alerts.Internal;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// <c>repFade</c>: a rep at least <c>repFadePacePct</c> slower than the mean of the runner's first two reps, or with
/// ground contact at least <c>repFadeContactPct</c> longer than theirs. Judged once per rep, when it ends (reps from
/// <see cref="RepDetector"/>, or the coach's <c>repStart</c>/<c>repEnd</c> markers when the engine got any through
/// <see cref="IAlertEngine.OnMarker"/>; with <see cref="RepSource.Fed"/>, the reps the caller hands to
/// <see cref="IAlertEngine.OnRep"/>): never in the first two reps nor on a runner without reps. The alert stays open
/// until the next rep ends, which clears it (and raises anew if that rep faded too).
/// </summary>
public sealed class RepFadeRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.RepFade;

    public override string Name => "repFade";

    public override string Label => "fade";

    public override string ChartColor => "#B22222";

    public override bool IsScoredOnScenarios => false;

    public override IReadOnlyList<string> Cues { get; } =
    [
        "Drive your knees forward, hold the rep",
        "Quick light feet, spring off your calves",
        "Squeeze your glutes, push the ground back",
    ];

    internal override double MinDurationSeconds => 0;

    internal override long ClearMs => 0;

    internal override RuleRunner CreateRunner(EngineConfig config) => new Reps(this, config.Reps == RepSource.Detect ? new RepDetector() : null);

    internal override RuleVerdict Judge(RunnerTracker runner) => default;

    internal override AlertDraft Describe(RunnerTracker runner, long forMs) => throw new InvalidOperationException("repFade is raised by its runner");

    /// <summary>The judgement of one rep against the first two; null when it did not fade.</summary>
    internal AlertDraft? Judge(Rep rep, double? firstPace, double? firstContact)
    {
        var slowerPct = rep.PaceSecPerKm is { } pace && firstPace is { } p ? Change(p, pace) : double.NaN;
        var longerPct = rep.GroundContactMs is { } contact && firstContact is { } c ? Change(c, contact) : double.NaN;
        var paceFaded = slowerPct >= Settings.RepFadePacePct;
        var contactFaded = longerPct >= Settings.RepFadeContactPct;
        if (!paceFaded && !contactFaded)
        {
            return null;
        }

        var ratio = Math.Max(paceFaded ? slowerPct / Settings.RepFadePacePct : 0, contactFaded ? longerPct / Settings.RepFadeContactPct : 0);
        var paceText = paceFaded ? F($"pace {Pace(rep.PaceSecPerKm!.Value)}/km, {slowerPct:0.0} % slower than reps 1-2 ({Pace(firstPace!.Value)}/km)") : null;
        var contactText = contactFaded
            ? F($"ground contact {rep.GroundContactMs!.Value:0} ms, {longerPct:0.0} % longer than reps 1-2 ({firstContact!.Value:0} ms)")
            : null;
        var message = F($"Rep {rep.Number}: {string.Join("; ", new[] { paceText, contactText }.OfType<string>())}");
        return paceFaded
            ? new AlertDraft(Round(firstPace!.Value, 1), rep.PaceSecPerKm, SeverityOf(ratio), message)
            : new AlertDraft(Round(firstContact!.Value, 0), rep.GroundContactMs, SeverityOf(ratio), message);
    }

    private static string Pace(double secPerKm) => F($"{(int)(secPerKm / 60)}:{(int)(secPerKm % 60):00}");

    /// <summary>One runner's reps: the detector (none when the reps are fed) and the first two reps' pace and ground contact.</summary>
    private sealed class Reps(RepFadeRule rule, RepDetector? detector) : RuleRunner(rule)
    {
        private readonly List<RepEvent> _reps = new(detector is null ? 0 : 4);
        private readonly double?[] _paces = new double?[2];
        private readonly double?[] _contacts = new double?[2];

        public override void BeforeReadings(RunnerTracker runner, MetricSample sample, long t, ICollection<AlertEvent> events)
        {
            if (detector is null)
            {
                return;
            }

            detector.Observe(sample, _reps);
            if (_reps.Count == 0)
            {
                return;
            }

            foreach (var e in _reps)
            {
                if (e.Kind == RepEventKind.Completed)
                {
                    Judge(runner, e.Rep, t, events);
                }
            }

            _reps.Clear();
        }

        public override void Evaluate(RunnerTracker runner, long t, ICollection<AlertEvent> events)
        {
        }

        // The coach's repStart/repEnd marks override detection, as they do for GET /reps: the rule judges the marked reps.
        public override void Mark(TrackMarker marker) => detector?.Mark(marker);

        public override void OnRep(RunnerTracker runner, Rep rep, long t, bool judge, ICollection<AlertEvent> events)
        {
            if (judge)
            {
                Judge(runner, rep, t, events);
            }
            else
            {
                // Told before (this engine caught up after a restart, or forgot a runner that left): the first two are the measure.
                Remember(rep);
            }
        }

        private void Judge(RunnerTracker runner, Rep rep, long t, ICollection<AlertEvent> events)
        {
            if (IsOpen)
            {
                runner.Clear(ref State, t, cooldownMs: 0, events);
            }

            if (Remember(rep))
            {
                return;
            }

            if (rule.Judge(rep, Mean(_paces), Mean(_contacts)) is { } draft)
            {
                runner.Raise(ref State, rule.Kind, t, draft, events);
            }
        }

        /// <summary>Keeps the first two reps' pace and ground contact; true for those.</summary>
        private bool Remember(Rep rep)
        {
            if (rep.Number is < 1 or > 2)
            {
                return false;
            }

            _paces[rep.Number - 1] = rep.PaceSecPerKm;
            _contacts[rep.Number - 1] = rep.GroundContactMs;
            return true;
        }

        private static double? Mean(double?[] firstTwo) => firstTwo[0] is { } a && firstTwo[1] is { } b ? (a + b) / 2 : null;
    }
}
