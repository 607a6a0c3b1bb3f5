using System.Globalization;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>How numbers, states and alerts read on the dashboard.</summary>
internal static class Format
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Speed as pace per km, "m:ss"; "-" when standing (a pace of hours helps nobody).</summary>
    public static string Pace(double? speedMps)
    {
        if (speedMps is not { } v || !double.IsFinite(v) || v < 0.5)
        {
            return "-";
        }

        var secondsPerKm = (int)Math.Round(1000 / v);
        return string.Create(Inv, $"{secondsPerKm / 60}:{secondsPerKm % 60:00}");
    }

    public static string Number(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, Inv) : "-";

    public static string Number(int? value) => value?.ToString(Inv) ?? "-";

    /// <summary>Left/right ground-contact balance as "L/R" percent, e.g. "49/51".</summary>
    public static string Balance(double? leftPct) =>
        leftPct is { } l && double.IsFinite(l) ? string.Create(Inv, $"{Math.Round(l):0}/{100 - Math.Round(l):0}") : "-";

    public static string State(RunnerState state) => state switch
    {
        RunnerState.Joined => "join",
        RunnerState.Live => "live",
        RunnerState.Stale => "stale",
        RunnerState.Backfilling => "backf",
        RunnerState.Left => "left",
        RunnerState.Lagging => "lag",
        _ => "?",
    };

    public static string StateStyle(RunnerState state) => state switch
    {
        RunnerState.Live => "green",
        RunnerState.Stale => "yellow",
        RunnerState.Backfilling => "deepskyblue1",
        RunnerState.Left => "grey50",
        RunnerState.Lagging => "magenta",
        _ => "grey70",
    };

    /// <summary>The rule's dashboard label (<see cref="AlertRule.Label"/>).</summary>
    public static string Short(AlertKind kind) => AlertRules.TryGet(kind, out var rule) ? rule.Label : kind.ToString();

    public static string Short(FormAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.Kind == AlertKind.Imbalance && alert.Side is { Length: > 0 } side
            ? $"{Short(alert.Kind)} {char.ToUpperInvariant(side[0])}"
            : Short(alert.Kind);
    }

    public static string SeverityStyle(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "bold red",
        AlertSeverity.Warning => "yellow",
        _ => "deepskyblue1",
    };

    public static string CueStyle(CueStatus status) => status switch
    {
        CueStatus.Sent => "grey70",
        CueStatus.Delivered => "deepskyblue1",
        CueStatus.Spoken => "green",
        _ => "red",
    };

    public static string Clock(long unixMs, TimeZoneInfo zone) =>
        unixMs <= 0 ? "--:--:--" : TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), zone).ToString("HH:mm:ss", Inv);

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", Inv) : span.ToString(@"m\:ss", Inv);

    public static string Seconds(double ms) => (ms / 1000).ToString(ms < 10_000 ? "0.0" : "0", Inv) + " s";
}
