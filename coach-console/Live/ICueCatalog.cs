using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>A cue the coach can pick: a catalog id the hub knows, or plain text.</summary>
public sealed record CueChoice(string Text, string? CueId = null, bool Suggested = false);

/// <summary>
/// The cues to offer for an alert kind (or general ones for null). The seam where the shared catalog (core/Cues, from the
/// alert-engine work) plugs in; <see cref="BuiltInCueCatalog"/> stands in until it does.
/// </summary>
public interface ICueCatalog
{
    IReadOnlyList<CueChoice> For(AlertKind? kind);
}
