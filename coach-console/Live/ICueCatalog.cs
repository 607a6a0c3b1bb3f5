using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>A cue the coach can pick: a catalog id the hub knows, or plain text.</summary>
internal sealed record CueChoice(string Text, string? CueId = null, bool Suggested = false);

/// <summary>
/// The cues to offer for an alert kind and side (or general ones for a null kind): <see cref="SharedCueCatalog"/> reads
/// the one catalog (core/Cues); tests substitute their own.
/// </summary>
internal interface ICueCatalog
{
    IReadOnlyList<CueChoice> For(AlertKind? kind, string? side = null);
}
