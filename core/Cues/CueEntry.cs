using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Core.Cues;

/// <summary>One cue of the catalog: a spoken sentence, maybe with a <c>{side}</c> slot, for an alert kind or a check-in.</summary>
public sealed record CueEntry
{
    /// <summary>Stable id, e.g. <c>cadenceDrop.1</c>, <c>checkIn.2</c>, <c>coach.1</c>. With a side: <c>imbalance.1:left</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The sentence; <c>{side}</c> is replaced by "left" or "right".</summary>
    public required string Template { get; init; }

    /// <summary>The alert kind the cue answers; null for check-ins and general coach cues.</summary>
    public AlertKind? Kind { get; init; }

    /// <summary>A periodic check-in ("cadence steady?") rather than an answer to an alert.</summary>
    public bool IsCheckIn { get; init; }

    /// <summary>Added by a coach for this session rather than built in.</summary>
    public bool CoachAdded { get; init; }

    /// <summary>The sentence for a side ("left"/"right"); without a side the slot and its space disappear.</summary>
    public string Render(string? side) =>
        !Template.Contains(CueCatalog.SideSlot, StringComparison.Ordinal) ? Template
        : side is null ? Template.Replace(CueCatalog.SideSlot + " ", "", StringComparison.Ordinal).Replace(CueCatalog.SideSlot, "", StringComparison.Ordinal)
        : Template.Replace(CueCatalog.SideSlot, side, StringComparison.Ordinal);

    /// <summary>The id to send for this cue rendered for <paramref name="side"/>.</summary>
    public string IdFor(string? side) =>
        side is null || !Template.Contains(CueCatalog.SideSlot, StringComparison.Ordinal) ? Id : Id + ":" + side;
}

/// <summary>A cue picked for a runner: the id to send (catalog id, with side) and the sentence.</summary>
public readonly record struct CueChoice(string CueId, string Text);
