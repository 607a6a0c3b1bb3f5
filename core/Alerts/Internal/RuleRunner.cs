using MindMuscle.Live.Core.Alerts.Rules;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Alerts.Internal;

/// <summary>
/// One rule's state for one runner. The default steps the rule's verdict through <see cref="RuleState"/>; a rule that
/// needs more per-runner state (or judges something other than readings) brings its own subclass.
/// </summary>
internal class RuleRunner(AlertRule rule)
{
    private readonly long _minDurationMs = EngineConfig.Ms(rule.MinDurationSeconds);
    private readonly long _clearMs = rule.ClearMs;

    /// <summary>A field so the engine can step it by reference: it is a mutable struct.</summary>
    public RuleState State = new();

    public AlertRule Rule => rule;

    public bool IsOpen => State.Open is not null;

    /// <summary>Before the sample's readings count, with the runner's clock at <paramref name="t"/>.</summary>
    public virtual void BeforeReadings(RunnerTracker runner, MetricSample sample, long t, ICollection<AlertEvent> events)
    {
    }

    /// <summary>After the sample's readings count: raise, clear or wait.</summary>
    public virtual void Evaluate(RunnerTracker runner, long t, ICollection<AlertEvent> events)
    {
        var verdict = rule.Judge(runner);
        var pendingSince = State.PendingSince;
        switch (State.Step(t, verdict.Breached, verdict.RawBreached, verdict.Recovered, _minDurationMs, _clearMs))
        {
            case RuleTransition.Raise:
                runner.Raise(ref State, rule.Kind, t, rule.Describe(runner, t - pendingSince), events);
                break;
            case RuleTransition.Clear:
                runner.Clear(ref State, t, runner.CooldownMs, events);
                break;
        }
    }

    /// <summary>A coach's track mark for the runner (<c>lap</c>, <c>repStart</c>, <c>repEnd</c>); most rules ignore it.</summary>
    public virtual void Mark(Track.TrackMarker marker)
    {
    }

    /// <summary>
    /// A rep of the runner found outside the engine (<see cref="RepSource.Fed"/>), completed at sample time
    /// <paramref name="t"/>; <paramref name="judge"/> is false for reps told before (found catching up on the recording),
    /// which rules only remember.
    /// </summary>
    public virtual void OnRep(RunnerTracker runner, Track.Rep rep, long t, bool judge, ICollection<AlertEvent> events)
    {
    }

    /// <summary>Time passes with no sample; returns the start of an alert raised, or MinValue.</summary>
    public virtual long Tick(RunnerTracker runner, long nowMs, ICollection<AlertEvent> events) => long.MinValue;
}
