using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Relay.Ble;
using MindMuscle.Live.Relay.Ble.Simulated;

namespace MindMuscle.Live.Relay.Sources;

/// <summary>
/// <c>sim:NAME</c>: virtual runners playing a scenario, read through the same BLE source and GATT decoders as real
/// sensors. Runner i has seed <c>Seed + i</c>; runner 0 has the scenario's own profile, the others a varied one
/// (<see cref="RunnerProfile.Vary"/>) so a group does not move in lockstep.
/// </summary>
public static class SimulatedReadingSource
{
    public static BleReadingSource Create(Scenario scenario, ReadingSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Runners < 1)
        {
            throw new ReadingSourceSpecException($"--runners must be at least 1 (got {options.Runners}).");
        }

        string[] names = options.Runners == 1
            ? [options.RunnerName]
            : [.. Enumerable.Range(1, options.Runners).Select(i => $"{options.RunnerName} {i}")];
        SimulatedRunnerSpec[] specs =
        [
            .. names.Select((name, i) => new SimulatedRunnerSpec(name, scenario, options.Seed + i, i == 0 ? null : scenario.Profile.Vary(options.Seed + i))),
        ];
        return new BleReadingSource(
            _ => Task.FromResult<IBleAdapter>(new SimulatedBleAdapter(specs, options.Time)),
            names,
            device => device is SimulatedBleDevice simulated ? simulated.RunnerIndex : null,
            options);
    }
}
