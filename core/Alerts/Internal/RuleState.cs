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
    /// Advances to <paramref name="nowMs"/> (see <see cref="Rules.RuleVerdict"/>). The minimum duration runs from the first
    /// raw breach, so a deviation shorter than it raises nothing even while the lagging median still shows it.
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
