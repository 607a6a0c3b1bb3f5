using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.CoachConsole.Analyze;

/// <summary>One rep of one runner as <c>analyze --reps</c> shows it: core's rep and whether the repFade rule fired on it.</summary>
internal sealed record RepRow(string RunnerId, Rep Rep, bool Faded);

/// <summary>One lap of one runner.</summary>
internal sealed record LapRow(string RunnerId, Lap Lap);

/// <summary>
/// Runs core's <see cref="RepDetector"/> and <see cref="LapCounter"/> per runner beside the alert engine. A rep is
/// faded when the engine's repFade rule raised on the sample that completed it, so the fade thresholds and logic stay
/// the rule's own (both use the detector's default options, so they see the same reps).
/// </summary>
internal sealed class RepMatrix
{
    private readonly Dictionary<string, Runner> _runners = new(StringComparer.Ordinal);
    private readonly List<RepEvent> _repEvents = [];
    private readonly List<Lap> _laps = [];

    /// <summary>Feeds one sample (after the engine saw it); <paramref name="alertEvents"/> are the engine's events for that sample.</summary>
    public void Observe(string runnerId, MetricSample sample, IReadOnlyCollection<AlertEvent> alertEvents)
    {
        if (!_runners.TryGetValue(runnerId, out var runner))
        {
            runner = new Runner();
            _runners.Add(runnerId, runner);
        }

        runner.Detector.Observe(sample, _repEvents);
        foreach (var e in _repEvents)
        {
            if (e.Kind == RepEventKind.Completed)
            {
                var faded = alertEvents.Any(a => a.Kind == AlertEventKind.Raised && a.Alert.Kind == AlertKind.RepFade);
                runner.Reps.Add(new RepRow(runnerId, e.Rep, faded));
            }
            else if (runner.Reps.FindIndex(r => r.Rep.Number == e.Rep.Number) is var i and >= 0)
            {
                runner.Reps[i] = runner.Reps[i] with { Rep = e.Rep };
            }
        }

        _repEvents.Clear();
        runner.Laps.Observe(sample, _laps);
        foreach (var lap in _laps)
        {
            runner.LapRows.Add(new LapRow(runnerId, lap));
        }

        _laps.Clear();
    }

    /// <summary>Every rep, by runner id then rep number.</summary>
    public IReadOnlyList<RepRow> Reps =>
        [.. _runners.OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value.Reps)];

    /// <summary>Every lap, by runner id then lap number.</summary>
    public IReadOnlyList<LapRow> Laps =>
        [.. _runners.OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value.LapRows)];

    private sealed class Runner
    {
        public RepDetector Detector { get; } = new();

        public LapCounter Laps { get; } = new();

        public List<RepRow> Reps { get; } = [];

        public List<LapRow> LapRows { get; } = [];
    }
}
