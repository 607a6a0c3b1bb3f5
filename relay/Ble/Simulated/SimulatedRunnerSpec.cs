using MindMuscle.Live.Core.Runners;

namespace MindMuscle.Live.Relay.Ble.Simulated;

/// <summary>One virtual runner of the simulator: who, which scenario, which seed (same seed → same bytes).</summary>
internal sealed record SimulatedRunnerSpec(string Name, Scenario Scenario, int Seed, RunnerProfile? Profile = null);
