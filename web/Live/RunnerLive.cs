using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// What the view knows of one runner. <see cref="Version"/> goes up with every change its tile shows, so the tile
/// renders again only when its own runner changed.
/// </summary>
public sealed class RunnerLive(string runnerId, string name, TimeSpan historyWindow)
{
    private readonly List<FormAlert> _openAlerts = [];

    public string RunnerId { get; } = runnerId;

    public string Name { get; internal set; } = name;

    public RunnerState State { get; internal set; } = RunnerState.Joined;

    public MetricSample? Latest { get; internal set; }

    /// <summary>Highest seq handed to the view (live frames, read-backs or the snapshot).</summary>
    public long LastSeq { get; internal set; }

    /// <summary>The newest sample's time (hub clock, unix ms) for <see cref="LastSeq"/>; 0 without one.</summary>
    public long LastObservedAt { get; internal set; }

    public SampleHistory History { get; } = new(historyWindow);

    /// <summary>The coach's HR max for this runner; null: the session default.</summary>
    public int? HrMaxOverride { get; internal set; }

    public IReadOnlyList<FormAlert> OpenAlerts => _openAlerts;

    /// <summary>The newest cue sent to this runner, with its status.</summary>
    public CueUpdate? LastCue { get; internal set; }

    public int Version { get; private set; }

    /// <summary>The badge's text when the tile last rendered: the second ticker bumps the version when it would change.</summary>
    internal string? ShownFreshness { get; set; }

    public Freshness FreshnessAt(long hubNowMs, TimeSpan staleAfter)
    {
        TimeSpan? age = Latest is { } latest ? TimeSpan.FromMilliseconds(Math.Max(0, hubNowMs - latest.ObservedAt)) : null;
        var kind = State switch
        {
            RunnerState.Left => FreshnessKind.Left,
            RunnerState.Backfilling => FreshnessKind.Backfilling,
            RunnerState.Stale => FreshnessKind.Stale,
            _ when age is null => FreshnessKind.Waiting,
            _ when age > staleAfter => FreshnessKind.Stale,
            _ => FreshnessKind.Live,
        };
        return new Freshness(kind, age);
    }

    internal void Touch() => Version++;

    internal void SetAlert(FormAlert alert)
    {
        var index = _openAlerts.FindIndex(a => a.AlertId == alert.AlertId);
        if (alert.ClearedAt is not null)
        {
            if (index >= 0)
            {
                _openAlerts.RemoveAt(index);
            }
        }
        else if (index >= 0)
        {
            _openAlerts[index] = alert;
        }
        else
        {
            _openAlerts.Add(alert);
        }
    }

    internal void ClearAlerts() => _openAlerts.Clear();
}
