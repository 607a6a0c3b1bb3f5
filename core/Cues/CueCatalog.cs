using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Cues;

/// <summary>
/// The spoken cues of one session: the built-in mind-muscle cues (each names a muscle and a movement, at most 8 words)
/// plus the coach's own. Thread-safe: reads are lock-free snapshots, additions take a lock.
/// </summary>
public sealed class CueCatalog
{
    public const string SideSlot = "{side}";

    /// <summary>Longest coach cue accepted, characters: a cue is heard mid-stride, not read.</summary>
    public const int MaxCoachCueLength = 120;

    /// <summary>Most coach cues per session; a bound on what a client can make the hub hold.</summary>
    public const int MaxCoachCues = 200;

    /// <summary>Each spoken rule's cues in rule order, then the check-ins: ids follow the order (<c>cadenceDrop.1</c>).</summary>
    private static readonly CueEntry[] BuiltInEntries =
    [
        .. AlertRules.Default.Where(r => r.IsSpoken).SelectMany(r => Group(r.Kind, [.. r.Cues])),
        .. CheckInGroup(
            "Footfall quiet? Soft calves, light landing.",
            "Cadence steady? Quick feet from the hips.",
            "Stride easy? Glutes pushing you forward?",
            "Core braced? Shoulders loose and low?"),
    ];

    private readonly Lock _gate = new();
    private CueEntry[][] _byKind;
    private CueEntry[] _checkIns;
    private CueEntry[] _all;
    private int _coachCount;

    private CueCatalog(CueEntry[] entries)
    {
        _all = entries;
        _byKind = BuildByKind(entries);
        _checkIns = [.. entries.Where(e => e.IsCheckIn)];
    }

    /// <summary>The built-in cues, in catalog order.</summary>
    public static IReadOnlyList<CueEntry> BuiltIn => BuiltInEntries;

    /// <summary>A shared catalog with the built-in cues only; coach cues need a per-session <see cref="CreateDefault"/>.</summary>
    public static CueCatalog Shared { get; } = new(BuiltInEntries);

    /// <summary>A session's catalog, starting with the built-in cues.</summary>
    public static CueCatalog CreateDefault() => new(BuiltInEntries);

    /// <summary>Whether alerts of this kind are ever spoken (the rule's <see cref="AlertRule.IsSpoken"/>).</summary>
    public static bool IsSpoken(AlertKind kind) => AlertRules.TryGet(kind, out var rule) && rule.IsSpoken;

    public IReadOnlyList<CueEntry> All => Volatile.Read(ref _all);

    /// <summary>The cues that answer <paramref name="kind"/> (built-in first, then the coach's); empty for coach-only kinds.</summary>
    public IReadOnlyList<CueEntry> ForKind(AlertKind kind)
    {
        var byKind = Volatile.Read(ref _byKind);
        var index = (int)kind;
        return (uint)index < (uint)byKind.Length ? byKind[index] : [];
    }

    public IReadOnlyList<CueEntry> CheckIns => Volatile.Read(ref _checkIns);

    /// <summary>Finds an entry by id (a <c>:side</c> suffix is ignored).</summary>
    public CueEntry? Find(string cueId)
    {
        ArgumentNullException.ThrowIfNull(cueId);
        var colon = cueId.IndexOf(':', StringComparison.Ordinal);
        var id = colon < 0 ? cueId : cueId[..colon];
        foreach (var entry in Volatile.Read(ref _all))
        {
            if (string.Equals(entry.Id, id, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>
    /// The sentence for a cue id as sent by <c>SendCue</c>: <c>imbalance.1:left</c> -> "Squeeze the left glute as you
    /// push off". False for an unknown id or a side other than left/right.
    /// </summary>
    public bool TryResolve(string? cueId, out string text)
    {
        text = "";
        if (string.IsNullOrEmpty(cueId) || cueId.Length > 64)
        {
            return false;
        }

        var entry = Find(cueId);
        if (entry is null)
        {
            return false;
        }

        var colon = cueId.IndexOf(':', StringComparison.Ordinal);
        string? side = null;
        if (colon >= 0)
        {
            side = cueId[(colon + 1)..];
            if (side is not ("left" or "right"))
            {
                return false;
            }
        }

        text = entry.Render(side);
        return true;
    }

    /// <summary>
    /// Adds a coach's cue for this session: for an alert kind (it joins that kind's rotation), a check-in, or neither
    /// (sendable by id only). Returns null with an error for empty, too long or too many cues, or a coach-only kind.
    /// </summary>
    public CueEntry? TryAddCoachCue(string? text, AlertKind? kind, bool checkIn, out string? error)
    {
        var trimmed = text?.Trim() ?? "";
        error = trimmed.Length == 0 ? "cue text is empty"
            : trimmed.Length > MaxCoachCueLength ? $"cue text is longer than {MaxCoachCueLength} characters"
            : kind is { } k && !Enum.IsDefined(k) ? "unknown alert kind"
            : kind is { } s && !IsSpoken(s) ? $"alerts of kind {s} are for the coach only and are never spoken"
            : kind is not null && checkIn ? "a cue is either for an alert kind or a check-in, not both"
            : null;
        if (error is not null)
        {
            return null;
        }

        lock (_gate)
        {
            if (_coachCount >= MaxCoachCues)
            {
                error = $"a session holds at most {MaxCoachCues} coach cues";
                return null;
            }

            _coachCount++;
            var entry = new CueEntry
            {
                Id = "coach." + _coachCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Template = trimmed,
                Kind = kind,
                IsCheckIn = checkIn,
                CoachAdded = true,
            };
            CueEntry[] all = [.. _all, entry];
            Volatile.Write(ref _byKind, BuildByKind(all));
            Volatile.Write(ref _checkIns, [.. all.Where(e => e.IsCheckIn)]);
            Volatile.Write(ref _all, all);
            return entry;
        }
    }

    private static CueEntry[][] BuildByKind(CueEntry[] entries)
    {
        var kinds = Enum.GetValues<AlertKind>();
        var byKind = new CueEntry[kinds.Max(k => (int)k) + 1][];
        foreach (var kind in kinds)
        {
            byKind[(int)kind] = [.. entries.Where(e => e.Kind == kind)];
        }

        return byKind;
    }

    private static IEnumerable<CueEntry> Group(AlertKind kind, params string[] templates) =>
        templates.Select((t, i) => new CueEntry { Id = Prefix(kind) + "." + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Template = t, Kind = kind });

    private static IEnumerable<CueEntry> CheckInGroup(params string[] templates) =>
        templates.Select((t, i) => new CueEntry { Id = "checkIn." + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Template = t, IsCheckIn = true });

    /// <summary>The kind's wire name, e.g. cadenceDrop: ids read like the JSON the coach sees.</summary>
    internal static string Prefix(AlertKind kind) => AlertKindNames.Of(kind);
}
