using System.Globalization;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Review.Timeline;

public enum JumpKind
{
    Alert,
    Cue,
    Marker,
}

/// <summary>Something drawn on the timeline that the reader can jump to: an alert's start, a cue, a marker.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="At">Where it is, UTC unix ms.</param>
/// <param name="Label">What it says (read aloud by screen readers, shown as its tooltip).</param>
/// <param name="Detail">A CSS-safe word for its look: the alert's severity, the cue's final status, the marker's kind.</param>
public sealed record JumpTarget(JumpKind Kind, long At, string Label, string Detail)
{
    public string KindWord => Kind switch
    {
        JumpKind.Alert => "alert",
        JumpKind.Cue => "cue",
        _ => "marker",
    };

    /// <summary>The session's alerts, cues (each with its final status) and markers the reader may see, in time order.</summary>
    public static IReadOnlyList<JumpTarget> From(
        IEnumerable<FormAlert> alerts, IEnumerable<CueUpdate> cues, IEnumerable<SessionMarker> markers, Func<string?, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(cues);
        ArgumentNullException.ThrowIfNull(markers);
        ArgumentNullException.ThrowIfNull(nameOf);
        var list = new List<JumpTarget>();
        list.AddRange(alerts.Select(a => new JumpTarget(
            JumpKind.Alert, a.StartedAt, $"Alert: {LiveWords.Label(a.Kind)}, {nameOf(a.RunnerId)}", LiveWords.Of(a.Severity))));
        list.AddRange(cues.Select(c => new JumpTarget(
            JumpKind.Cue, c.IssuedAt, $"Cue to {nameOf(c.RunnerId)} ({LiveWords.Of(c.Status)}): {c.Text}", LiveWords.Of(c.Status))));
        list.AddRange(markers.Select(m => new JumpTarget(
            JumpKind.Marker, m.At, $"Marker: {LiveWords.Label(m.Kind)}{(m.RunnerId is null ? "" : ", " + nameOf(m.RunnerId))}{(string.IsNullOrEmpty(m.Text) ? "" : ": " + m.Text)}",
            LiveWords.Of(m.Kind))));
        return [.. list.OrderBy(j => j.At).ThenBy(j => j.Kind)];
    }

    /// <summary>A time into the session as m:ss (h:mm:ss past an hour).</summary>
    public static string Offset(long ms)
    {
        var t = TimeSpan.FromMilliseconds(Math.Max(0, ms));
        return t.TotalHours >= 1
            ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : ((int)t.TotalMinutes).ToString(CultureInfo.InvariantCulture) + ":" + t.Seconds.ToString("00", CultureInfo.InvariantCulture);
    }
}
