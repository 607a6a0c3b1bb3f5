using System.Globalization;
using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// One alert kind, whole: its slice of <see cref="AlertSettings"/>, its evaluation per runner, its message and severity,
/// and what apps and the quality harness show of it. <see cref="AlertRules"/> lists them; the engine iterates them.
/// </summary>
/// <remarks>
/// Public members are metadata any app may read; evaluation is internal to the engine, so rules live in this assembly.
/// An instance is bound to one session's settings (normalized) and shared by all its runners; per-runner state lives in
/// the <see cref="RuleRunner"/> the rule creates.
/// </remarks>
public abstract class AlertRule
{
    private protected AlertRule(AlertSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings.Normalized();
        Keep = 1 - Settings.HysteresisFraction;
    }

    public abstract AlertKind Kind { get; }

    /// <summary>The wire name, as in JSON and cue ids (<c>cadenceDrop</c>).</summary>
    public abstract string Name { get; }

    /// <summary>A label of at most eight characters for dashboards (<c>cad↓</c>).</summary>
    public abstract string Label { get; }

    /// <summary>The colour charts shade this kind's alerts with, <c>#RRGGBB</c>.</summary>
    public abstract string ChartColor { get; }

    /// <summary>Whether the runner hears a cue for it; false for the coach-only equipment kinds.</summary>
    public virtual bool IsSpoken => true;

    /// <summary>The built-in spoken cues that answer it (each names a muscle and a movement, at most 8 words).</summary>
    public virtual IReadOnlyList<string> Cues => [];

    /// <summary>The settings in force, normalized.</summary>
    public AlertSettings Settings { get; }

    /// <summary>
    /// Whether the scenario quality harness labels and scores this kind; false for a kind judged per rep, whose quality is
    /// measured on generated interval sessions (any alert of it on a scenario still counts as false or unexpected).
    /// </summary>
    public virtual bool IsScoredOnScenarios => true;

    /// <summary>
    /// Whether noise-free values <paramref name="now"/> are past this rule's threshold against <paramref name="before"/>
    /// (the runner's values before a change): the truth the quality harness measures delays from. True for kinds not
    /// judged from form values.
    /// </summary>
    public virtual bool HasReached(in FormReading before, in FormReading now) => true;

    /// <summary>Clear threshold = threshold x this (1 - hysteresis).</summary>
    private protected double Keep { get; }

    /// <summary>False when the settings switch the rule off (no ceiling, no target pace).</summary>
    internal virtual bool IsActive => true;

    /// <summary>How long the deviation must last before it raises, seconds.</summary>
    internal abstract double MinDurationSeconds { get; }

    /// <summary>How long the runner must stay recovered before the alert clears, ms.</summary>
    internal virtual long ClearMs => EngineConfig.Ms(Settings.ClearSeconds);

    internal virtual RuleRunner CreateRunner(EngineConfig config) => new(this);

    /// <summary>The rule's condition on the runner's readings now.</summary>
    internal abstract RuleVerdict Judge(RunnerTracker runner);

    /// <summary>The alert to raise, the deviation having lasted <paramref name="forMs"/>.</summary>
    internal abstract AlertDraft Describe(RunnerTracker runner, long forMs);

    /// <summary>
    /// Declares the metrics whose baseline this rule (index <paramref name="rule"/> in the engine's rules) holds still:
    /// past a fraction of its threshold, or while open.
    /// </summary>
    internal virtual void HoldBaselines(BaselineHolds holds, int rule)
    {
    }

    /// <summary>Whether the baseline of a metric declared in <see cref="HoldBaselines"/> is held still now.</summary>
    internal virtual bool HoldsBaseline(int metric, bool open, RunnerTracker runner) => open;

    private protected static AlertSeverity SeverityOf(double ratio) => ratio >= 2 ? AlertSeverity.Critical : AlertSeverity.Warning;

    /// <summary>The metric's baseline and median, rounded to the digits the coach reads.</summary>
    private protected static (double Baseline, double Current) Rounded(RunnerTracker runner, int metric)
    {
        var digits = metric switch
        {
            Metric.Stride or Metric.Speed => 2,
            Metric.Oscillation => 1,
            _ => 0,
        };
        return (Round(runner.BaselineOf(metric), digits), Round(runner.Current(metric), digits));
    }

    private protected static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    /// <summary>Percent <paramref name="current"/> is off <paramref name="baseline"/>, either way.</summary>
    private protected static double PercentOff(double baseline, double current) => Math.Abs((current / baseline - 1) * 100);

    /// <summary>Percent <paramref name="after"/> is above (+) or below (-) <paramref name="before"/>.</summary>
    private protected static double Change(double before, double after) => ((after / before) - 1) * 100;

    private protected static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
