namespace MindMuscle.Live.Core.Alerts.Internal;

internal enum RuleTransition
{
    None = 0,
    Raise = 1,
    Clear = 2,
}

/// <summary>
/// The life of one alert kind for one runner: pending (breached, not yet for long enough) -> open -> recovering
/// (inside the hysteresis band, not yet for long enough) -> cleared -> cooldown.
/// </summary>
internal struct RuleState
{
    private long _pendingSince;
    private long _recoveringSince;
    private long _cooldownUntil;

    public RuleState()
    {
        _pendingSince = long.MinValue;
        _recoveringSince = long.MinValue;
        _cooldownUntil = long.MinValue;
    }

    public FormAlert? Open { readonly get; set; }

    public readonly bool IsPending => _pendingSince != long.MinValue;

    public readonly long PendingSince => _pendingSince;

    /// <summary>
    /// Advances the rule to sample time <paramref name="nowMs"/>. <paramref name="breached"/> is the condition on the
    /// rolling medians, <paramref name="rawBreached"/> on the latest reading. The minimum duration runs from the first raw
    /// reading past the threshold; raw readings back inside are forgiven while the median stays breached (noise), and
    /// the alert is raised once the median is breached, the latest reading still is, and the duration has passed. A short
    /// deviation that the median still shows after it ended therefore raises nothing. <paramref name="recovered"/> (on
    /// the medians, past the hysteresis line) must hold for <paramref name="clearMs"/> to clear. Both false = the data
    /// says neither (missing, or between the two lines): an open alert stays open.
    /// </summary>
    public RuleTransition Step(long nowMs, bool breached, bool rawBreached, bool recovered, long minDurationMs, long clearMs)
    {
        if (Open is null)
        {
            if (rawBreached)
            {
                if (_pendingSince == long.MinValue)
                {
                    _pendingSince = nowMs;
                }
            }
            else if (!breached)
            {
                _pendingSince = long.MinValue;
            }

            return breached && rawBreached && nowMs - _pendingSince >= minDurationMs && nowMs >= _cooldownUntil
                ? RuleTransition.Raise
                : RuleTransition.None;
        }

        if (!recovered)
        {
            _recoveringSince = long.MinValue;
            return RuleTransition.None;
        }

        if (_recoveringSince == long.MinValue)
        {
            _recoveringSince = nowMs;
        }

        return nowMs - _recoveringSince >= clearMs ? RuleTransition.Clear : RuleTransition.None;
    }

    public void Raised(FormAlert alert)
    {
        Open = alert;
        _pendingSince = long.MinValue;
        _recoveringSince = long.MinValue;
    }

    public void Cleared(long atMs, long cooldownMs)
    {
        Open = null;
        _recoveringSince = long.MinValue;
        _pendingSince = long.MinValue;
        _cooldownUntil = atMs + cooldownMs;
    }
}
