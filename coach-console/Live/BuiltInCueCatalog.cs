using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>A few cues per form sign, each naming the muscle and the motion; sent as text (the hub knows no ids for them).</summary>
public sealed class BuiltInCueCatalog : ICueCatalog
{
    private static readonly CueChoice[] General =
    [
        new("Tall and relaxed, shoulders down"),
        new("Brace your core like a corset"),
        new("Quick light feet"),
        new("Breathe out long, loosen the jaw"),
    ];

    private static readonly Dictionary<AlertKind, CueChoice[]> ByKind = new()
    {
        [AlertKind.CadenceDrop] = [new("Quick light feet, hips forward"), new("Drive the knee, snap the foot down")],
        [AlertKind.StrideChange] = [new("Push the ground away behind you"), new("Same rhythm, same stride")],
        [AlertKind.Overstride] = [new("Land under your hips"), new("Shorter, quicker steps")],
        [AlertKind.HeavyFootfall] = [new("Run quiet: land soft on the midfoot"), new("Drive the ground away, not up")],
        [AlertKind.Imbalance] = [new("Squeeze the glute as you push off"), new("Even steps, both sides push")],
        [AlertKind.HrDrift] = [new("Ease off a touch, relax the shoulders"), new("Breathe out long")],
        [AlertKind.HrCeiling] = [new("Back off now, let the heart settle")],
        [AlertKind.PaceDrop] = [new("Lift the knees, drive the arms"), new("Back on pace: quick feet")],
    };

    public IReadOnlyList<CueChoice> For(AlertKind? kind, string? side = null) =>
        kind is { } k && ByKind.TryGetValue(k, out var cues) ? cues : General;
}
