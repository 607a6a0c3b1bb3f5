using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>One runner as the dashboard shows it: the latest value of each metric (merged across sensors), history, alerts.</summary>
internal sealed class RunnerView(string runnerId, int number, TimeSpan historyWindow)
{
    private readonly List<FormAlert> _openAlerts = [];

    public string RunnerId { get; } = runnerId;

    /// <summary>Stable 1-based number in join order: what the coach types to select the runner.</summary>
    public int Number { get; } = number;

    public string Name { get; set; } = runnerId;

    public RunnerState State { get; set; } = RunnerState.Joined;

    public string? StateDetail { get; set; }

    public long LastSeq { get; set; }

    /// <summary>Samples this console never saw (frames dropped for it, or sent while it was disconnected).</summary>
    public long MissedSamples { get; set; }

    public long LastObservedAt { get; private set; }

    public int? HeartRateBpm { get; private set; }

    public double? CadenceSpm { get; private set; }

    public double? SpeedMps { get; private set; }

    public double? StrideLengthM { get; private set; }

    public double? GroundContactMs { get; private set; }

    public double? VerticalOscillationCm { get; private set; }

    public int? PowerW { get; private set; }

    public double? GctBalanceLeftPct { get; private set; }

    public double? DistanceM { get; private set; }

    public int? BatteryPct { get; private set; }

    public bool LastWasBackfilled { get; private set; }

    public MetricHistory History { get; } = new(historyWindow);

    public IReadOnlyList<FormAlert> OpenAlerts => _openAlerts;

    /// <summary>
    /// Samples read back after a gap: into the history only (the latest values stay the newest), and no longer counted
    /// as missed. Returns how many were drawn.
    /// </summary>
    public int Fill(IReadOnlyList<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        foreach (var sample in samples)
        {
            History.Add(sample);
        }

        MissedSamples = Math.Max(0, MissedSamples - samples.Count);
        return samples.Count;
    }

    /// <summary>A sample's present fields replace the latest values; absent ones keep the last reading (one sensor per field).</summary>
    public void Apply(MetricSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (LastSeq > 0 && sample.Seq > LastSeq + 1)
        {
            MissedSamples += sample.Seq - LastSeq - 1;
        }

        LastSeq = Math.Max(LastSeq, sample.Seq);
        LastObservedAt = Math.Max(LastObservedAt, sample.ObservedAt);
        HeartRateBpm = sample.HeartRateBpm ?? HeartRateBpm;
        CadenceSpm = sample.CadenceSpm ?? CadenceSpm;
        SpeedMps = sample.SpeedMps ?? SpeedMps;
        StrideLengthM = sample.StrideLengthM ?? StrideLengthM;
        GroundContactMs = sample.GroundContactMs ?? GroundContactMs;
        VerticalOscillationCm = sample.VerticalOscillationCm ?? VerticalOscillationCm;
        PowerW = sample.PowerW ?? PowerW;
        GctBalanceLeftPct = sample.GctBalanceLeftPct ?? GctBalanceLeftPct;
        DistanceM = sample.DistanceM ?? DistanceM;
        BatteryPct = sample.BatteryPct ?? BatteryPct;
        LastWasBackfilled = sample.Backfilled;
        History.Add(sample);
    }

    public void OpenAlert(FormAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _openAlerts.RemoveAll(a => a.AlertId == alert.AlertId);
        _openAlerts.Add(alert);
    }

    public void CloseAlert(string alertId) => _openAlerts.RemoveAll(a => a.AlertId == alertId);

    public void ReplaceAlerts(IEnumerable<FormAlert> alerts)
    {
        _openAlerts.Clear();
        _openAlerts.AddRange(alerts);
    }

    /// <summary>The highest severity of the open alerts, or null when there is none.</summary>
    public AlertSeverity? WorstSeverity => _openAlerts.Count == 0 ? null : _openAlerts.Max(a => a.Severity);
}
