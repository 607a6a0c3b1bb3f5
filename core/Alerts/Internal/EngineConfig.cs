using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Alerts.Internal;

/// <summary>The session's settings, normalized, in the units the hot path uses (ms), and the rules they switch on.</summary>
internal sealed class EngineConfig
{
    public EngineConfig(string sessionId, AlertSettings settings, RepSource reps = RepSource.Detect)
    {
        SessionId = sessionId;
        Reps = reps;
        Settings = settings.Normalized();
        var s = Settings;
        WarmupMs = Ms(s.WarmupSeconds);
        WindowMs = Ms(s.WindowSeconds);
        CooldownMs = Ms(s.CooldownSeconds);
        GapMs = Ms(s.SensorLostSeconds);
        Rules = [.. AlertRules.Create(s).Where(r => r.IsActive)];
        Holds = new BaselineHolds(Rules);
    }

    public string SessionId { get; }

    public AlertSettings Settings { get; }

    /// <summary>Whether the rep rules run their own detector or are handed the reps.</summary>
    public RepSource Reps { get; }

    /// <summary>The rules in force, in evaluation order.</summary>
    public AlertRule[] Rules { get; }

    public BaselineHolds Holds { get; }

    public long WarmupMs { get; }

    public long WindowMs { get; }

    public long CooldownMs { get; }

    /// <summary>A gap between samples this long is a lost sensor, not running time.</summary>
    public long GapMs { get; }

    public static long Ms(double seconds) => (long)Math.Round(seconds * 1000);
}
