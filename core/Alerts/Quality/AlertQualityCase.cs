using MindMuscle.Live.Core.Runners;

namespace MindMuscle.Live.Core.Alerts.Quality;

/// <summary>One labelled run of the harness: a scenario played by a seeded runner, with the engine settings to judge it.</summary>
public sealed record AlertQualityCase(Scenario Scenario, int Seed, RunnerProfile Profile, AlertSettings Settings)
{
    /// <summary>
    /// The scenario's changes are the session's plan (interval reps), not form faults: its mechanically derived truth
    /// compares each rep with the one before, which no baseline engine does, so its alerts are counted, not scored.
    /// </summary>
    public bool IsPlanned { get; init; }

    /// <summary>A steady run (no scripted events): every alert on it is a false alert.</summary>
    public bool IsSteady => Scenario.Events.Count == 0;

    public string Name => $"{Scenario.Name}#{Seed}";
}
