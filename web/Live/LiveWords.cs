using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Web.Live;

/// <summary>The wire words the page shows and puts in its <c>data-*</c> hooks: the same as the hub's JSON.</summary>
public static class LiveWords
{
    public static string Of(CueStatus status) => status switch
    {
        CueStatus.Sent => "sent",
        CueStatus.Delivered => "delivered",
        CueStatus.Spoken => "spoken",
        CueStatus.Expired => "expired",
        _ => "dropped",
    };

    public static string Of(MarkerKind kind) => kind switch
    {
        MarkerKind.Lap => "lap",
        MarkerKind.RepStart => "repStart",
        MarkerKind.RepEnd => "repEnd",
        _ => "note",
    };

    public static string Label(MarkerKind kind) => kind switch
    {
        MarkerKind.Lap => "Lap",
        MarkerKind.RepStart => "Rep start",
        MarkerKind.RepEnd => "Rep end",
        _ => "Note",
    };

    public static string Of(AlertKind kind) => AlertKindNames.Of(kind);

    public static string Label(AlertKind kind) => AlertRules.TryGet(kind, out var rule) ? rule.Label : AlertKindNames.Of(kind);

    public static string Of(AutoCueMode mode) => mode switch
    {
        AutoCueMode.Off => "off",
        AutoCueMode.Suggest => "suggest",
        _ => "auto",
    };

    public static string Of(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        _ => "critical",
    };
}
