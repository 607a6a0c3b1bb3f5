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

    /// <summary>Per field of <see cref="Latest"/>, when a sample last carried it (hub clock, unix ms).</summary>
    private readonly long[] _fieldAt = new long[Fields];

    private const int Fields = 11;

    public string RunnerId { get; } = runnerId;

    public string Name { get; internal set; } = name;

    public RunnerState State { get; internal set; } = RunnerState.Joined;

    /// <summary>
    /// The newest reading of each field, merged across samples: each sensor (strap, footpod, power) sends its own
    /// fields, so the newest sample alone would show only one sensor's.
    /// </summary>
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

    /// <summary>
    /// Takes a newer sample into <see cref="Latest"/>: its fields, and the previous ones it lacks while they are younger
    /// than <paramref name="carry"/> (a sensor that went quiet shows a dash, not its last value forever); battery and
    /// contact are carried for <paramref name="slowCarry"/>, sensors send them rarely.
    /// </summary>
    internal void Merge(MetricSample sample, TimeSpan carry, TimeSpan slowCarry)
    {
        var prev = Latest;
        if (prev is null || sample.Seq < prev.Seq)
        {
            if (prev is null)
            {
                Latest = sample;
                NoteFields(sample);
            }

            return;
        }

        var at = sample.ObservedAt;
        var carryMs = (long)carry.TotalMilliseconds;
        var slowMs = (long)slowCarry.TotalMilliseconds;
        Latest = sample with
        {
            HeartRateBpm = Pick(sample.HeartRateBpm, prev.HeartRateBpm, 0, at, carryMs),
            CadenceSpm = Pick(sample.CadenceSpm, prev.CadenceSpm, 1, at, carryMs),
            SpeedMps = Pick(sample.SpeedMps, prev.SpeedMps, 2, at, carryMs),
            StrideLengthM = Pick(sample.StrideLengthM, prev.StrideLengthM, 3, at, carryMs),
            DistanceM = Pick(sample.DistanceM, prev.DistanceM, 4, at, carryMs),
            PowerW = Pick(sample.PowerW, prev.PowerW, 5, at, carryMs),
            GroundContactMs = Pick(sample.GroundContactMs, prev.GroundContactMs, 6, at, carryMs),
            VerticalOscillationCm = Pick(sample.VerticalOscillationCm, prev.VerticalOscillationCm, 7, at, carryMs),
            GctBalanceLeftPct = Pick(sample.GctBalanceLeftPct, prev.GctBalanceLeftPct, 8, at, carryMs),
            SensorContact = Pick(sample.SensorContact, prev.SensorContact, 9, at, slowMs),
            BatteryPct = Pick(sample.BatteryPct, prev.BatteryPct, 10, at, slowMs),
        };
    }

    private void NoteFields(MetricSample sample)
    {
        Pick(sample.HeartRateBpm, null, 0, sample.ObservedAt, 0);
        Pick(sample.CadenceSpm, null, 1, sample.ObservedAt, 0);
        Pick(sample.SpeedMps, null, 2, sample.ObservedAt, 0);
        Pick(sample.StrideLengthM, null, 3, sample.ObservedAt, 0);
        Pick(sample.DistanceM, null, 4, sample.ObservedAt, 0);
        Pick(sample.PowerW, null, 5, sample.ObservedAt, 0);
        Pick(sample.GroundContactMs, null, 6, sample.ObservedAt, 0);
        Pick(sample.VerticalOscillationCm, null, 7, sample.ObservedAt, 0);
        Pick(sample.GctBalanceLeftPct, null, 8, sample.ObservedAt, 0);
        Pick(sample.SensorContact, null, 9, sample.ObservedAt, 0);
        Pick(sample.BatteryPct, null, 10, sample.ObservedAt, 0);
    }

    private T? Pick<T>(T? now, T? prev, int field, long at, long carryMs)
        where T : struct
    {
        if (now.HasValue)
        {
            _fieldAt[field] = at;
            return now;
        }

        return prev.HasValue && at - _fieldAt[field] <= carryMs ? prev : null;
    }

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
