using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Relay.Ble;
using MindMuscle.Live.Relay.Ble.Simulated;

namespace MindMuscle.Live.Relay.Sources;

/// <summary>
/// <c>sim:NAME</c> or <c>sim:NAME1,NAME2,…</c>: virtual runners playing scenarios, read through the same BLE source and
/// GATT decoders as real sensors. With a list, runner i plays item i (cycling when there are more runners than items),
/// so one relay can carry a mixed group. Runner i has seed <c>Seed + i</c>; runner 0 has its scenario's own profile, the
/// others a varied one (<see cref="RunnerProfile.Vary"/>) so a group does not move in lockstep.
/// </summary>
internal static class SimulatedReadingSource
{
    public static BleReadingSource Create(Scenario scenario, ReadingSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Create([scenario], options);
    }

    /// <summary>Runner i plays <paramref name="scenarios"/>[i % count].</summary>
    /// <exception cref="ReadingSourceSpecException">No scenario, fewer runners than scenarios, or a name list that does not match.</exception>
    public static BleReadingSource Create(IReadOnlyList<Scenario> scenarios, ReadingSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(options);
        if (scenarios.Count == 0)
        {
            throw new ReadingSourceSpecException("sim: needs at least one scenario, e.g. sim:steady or sim:fatigue-quick,steady.");
        }

        if (options.Runners < 1)
        {
            throw new ReadingSourceSpecException($"--runners must be at least 1 (got {options.Runners}).");
        }

        // A list longer than the group would silently leave scenarios unplayed: the caller almost certainly forgot --runners.
        if (options.Runners < scenarios.Count)
        {
            throw new ReadingSourceSpecException(
                $"sim: lists {scenarios.Count} scenarios but --runners is {options.Runners}; pass --runners {scenarios.Count} or more (runner i plays item i, the list repeats).");
        }

        var names = RunnerNames(options);
        SimulatedRunnerSpec[] specs =
        [
            .. names.Select((name, i) =>
            {
                var scenario = scenarios[i % scenarios.Count];
                return new SimulatedRunnerSpec(name, scenario, options.Seed + i, i == 0 ? null : scenario.Profile.Vary(options.Seed + i));
            }),
        ];
        return new BleReadingSource(
            _ => Task.FromResult<IBleAdapter>(new SimulatedBleAdapter(specs, options.Time)),
            names,
            device => device is SimulatedBleDevice simulated ? simulated.RunnerIndex : null,
            options);
    }

    /// <summary>
    /// One runner: its name as given. Several: "NAME 1".."NAME N", or, when the name is a comma-separated list of exactly
    /// N names, those names (a demo group reads better as "Ana, Ben, …" than as "Runner 1..6").
    /// </summary>
    private static string[] RunnerNames(ReadingSourceOptions options)
    {
        if (options.Runners == 1)
        {
            return [options.RunnerName];
        }

        if (!options.RunnerName.Contains(',', StringComparison.Ordinal))
        {
            return [.. Enumerable.Range(1, options.Runners).Select(i => $"{options.RunnerName} {i}")];
        }

        string[] listed = [.. options.RunnerName.Split(',').Select(n => n.Trim())];
        if (listed.Length != options.Runners || listed.Any(n => n.Length == 0))
        {
            throw new ReadingSourceSpecException(
                $"--name '{options.RunnerName}' lists {listed.Length} names for {options.Runners} runners; give exactly {options.Runners} non-empty names separated by commas, or one name (numbered 1..{options.Runners}).");
        }

        if (listed.Distinct(StringComparer.Ordinal).Count() != listed.Length)
        {
            throw new ReadingSourceSpecException($"--name '{options.RunnerName}' repeats a name; each runner needs its own.");
        }

        return listed;
    }
}
