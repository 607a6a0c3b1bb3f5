namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>What a rule says about the alert it raises; the engine adds the id, times and cue.</summary>
internal readonly record struct AlertDraft(double? Baseline, double? Current, AlertSeverity Severity, string Message, string? Side = null);
