using MindMuscle.Live.Core.Alerts.Internal;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Core.Alerts;

/// <summary>
/// The form-alert engine of one session (docs/alerts.md): per runner, rolling 20 s medians against baselines set after a
/// warm-up, rules with a minimum duration, hysteresis, cooldown and a clear event. Runs on sample time only, so replaying
/// the same samples raises the same alerts. Allocation-free per sample in steady state. Not thread-safe (see
/// <see cref="IAlertEngine"/>).
/// </summary>
public sealed class AlertEngine : IAlertEngine
{
    private readonly EngineConfig _config;
    private readonly CueRotation _cues;
    private readonly Dictionary<string, RunnerTracker> _runners = new(StringComparer.Ordinal);

    // Every track marker so far, for runners whose first sample comes after it; ids seen, so a marker applies once.
    private readonly List<SessionMarker> _markers = [];
    private readonly HashSet<long> _markerIds = [];

    /// <param name="sessionId">The session.</param>
    /// <param name="settings">The session's alert settings.</param>
    /// <param name="catalog">The cues to suggest (the shared catalog by default).</param>
    /// <param name="reps">Whether the rep rules run a detector per runner or are handed the reps (<see cref="OnRep"/>).</param>
    public AlertEngine(string sessionId, AlertSettings settings, CueCatalog? catalog = null, RepSource reps = RepSource.Detect)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(settings);
        _config = new EngineConfig(sessionId, settings, reps);
        _cues = new CueRotation(catalog ?? CueCatalog.Shared);
    }

    /// <summary>Where the rep rules get their reps.</summary>
    public RepSource Reps => _config.Reps;

    /// <summary>The settings in force, after normalization.</summary>
    public AlertSettings Settings => _config.Settings;

    public int RunnerCount => _runners.Count;

    /// <summary>Field values dropped as implausible (NaN, out of range) across all runners.</summary>
    public long RejectedValues
    {
        get
        {
            long total = 0;
            foreach (var runner in _runners.Values)
            {
                total += runner.RejectedValues;
            }

            return total;
        }
    }

    public void Feed(string runnerId, ReadOnlySpan<MetricSample> samples, ICollection<AlertEvent> events)
    {
        ArgumentNullException.ThrowIfNull(runnerId);
        ArgumentNullException.ThrowIfNull(events);
        if (samples.IsEmpty)
        {
            return;
        }

        var runner = Runner(runnerId);
        foreach (var sample in samples)
        {
            if (sample is not null)
            {
                runner.Observe(sample, events);
            }
        }
    }

    /// <summary>
    /// A rep the caller found (<see cref="RepSource.Fed"/>; ignored by an engine that detects its own): judged at
    /// <paramref name="atMs"/>, or only remembered when <paramref name="judge"/> is false.
    /// </summary>
    public void OnRep(string runnerId, Rep rep, long atMs, bool judge, ICollection<AlertEvent> events)
    {
        ArgumentNullException.ThrowIfNull(runnerId);
        ArgumentNullException.ThrowIfNull(rep);
        ArgumentNullException.ThrowIfNull(events);
        if (_config.Reps == RepSource.Fed)
        {
            Runner(runnerId).OnRep(rep, atMs, judge, events);
        }
    }

    public void OnMarker(SessionMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        // Fed reps come from the caller's detector, which takes the markers itself.
        if (_config.Reps == RepSource.Fed || TrackMarkers.From(marker) is not { } mark || (marker.MarkerId != 0 && !_markerIds.Add(marker.MarkerId)))
        {
            return;
        }

        _markers.Add(marker);
        foreach (var (runnerId, runner) in _runners)
        {
            if (TrackMarkers.AppliesTo(marker, runnerId))
            {
                runner.Mark(mark);
            }
        }
    }

    public void Tick(long nowUnixMs, ICollection<AlertEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var runner in _runners.Values)
        {
            runner.Tick(nowUnixMs, events);
        }
    }

    public void RemoveRunner(string runnerId, long atUnixMs, ICollection<AlertEvent> events)
    {
        ArgumentNullException.ThrowIfNull(runnerId);
        ArgumentNullException.ThrowIfNull(events);
        if (_runners.Remove(runnerId, out var runner))
        {
            runner.CloseAll(atUnixMs, events);
            _cues.Forget(runnerId);
        }
    }

    private RunnerTracker Runner(string runnerId)
    {
        if (_runners.TryGetValue(runnerId, out var runner))
        {
            return runner;
        }

        runner = new RunnerTracker(runnerId, _config, _cues);
        _runners.Add(runnerId, runner);
        foreach (var marker in _markers)
        {
            if (TrackMarkers.AppliesTo(marker, runnerId))
            {
                runner.Mark(TrackMarkers.From(marker)!.Value);
            }
        }

        return runner;
    }

    /// <summary>Whether the runner's warm-up is over (baselines can be set); false for an unknown runner.</summary>
    public bool IsWarmedUp(string runnerId) => _runners.TryGetValue(runnerId, out var runner) && runner.WarmedUp;

    internal RunnerTracker? Tracker(string runnerId) => _runners.GetValueOrDefault(runnerId);
}
