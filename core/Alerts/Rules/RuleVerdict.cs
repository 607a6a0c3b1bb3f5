namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// A rule's condition now: breached on the rolling medians (a spike moves nothing) and on the latest reading (the
/// deviation is still there), recovered on the medians past the hysteresis line. Both false = the data says neither.
/// </summary>
internal readonly record struct RuleVerdict(bool Breached, bool RawBreached, bool Recovered);
