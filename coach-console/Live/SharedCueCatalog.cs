using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>
/// The shared mind-muscle cue catalog (core/Cues): the cues for an alert kind rendered for its side, or the check-ins
/// as general cues. Sent with both text and catalog id: the hub speaks the text, the id says where it came from.
/// </summary>
internal sealed class SharedCueCatalog(CueCatalog catalog) : ICueCatalog
{
    public static SharedCueCatalog Default { get; } = new(CueCatalog.Shared);

    public IReadOnlyList<Live.CueChoice> For(AlertKind? kind, string? side = null)
    {
        var entries = kind is { } k
            ? catalog.All.Where(e => e.Kind == k)
            : catalog.All.Where(e => e.IsCheckIn || (e.Kind is null && e.CoachAdded));
        return [.. entries.Select(e => new Live.CueChoice(e.Render(side), e.IdFor(side)))];
    }
}
