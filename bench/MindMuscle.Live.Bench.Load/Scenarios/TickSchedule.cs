namespace MindMuscle.Live.Bench.Load.Scenarios;

/// <summary>In what order the generator's one publishing loop ticks the runners within each sample period.</summary>
internal enum TickOrder
{
    /// <summary>
    /// Runner by runner (0, 1, ..., N-1), so a session's runners publish back to back: the default, and the order of
    /// every earlier figure. It packs a session's samples into a few ms of the period, which flatters a hub that paces
    /// its coach frames (several samples per frame where independent relays would give one).
    /// </summary>
    Sessions,

    /// <summary>Consecutive publishes go to different sessions (entry j to session j mod S), so each session's samples are evenly spread over the period.</summary>
    Interleaved,

    /// <summary>Each runner ticks at its own fixed phase of the period (seeded), as relays ticking independently do.</summary>
    Random,
}

/// <summary>
/// One sample period of the publishing loop: which runner ticks at each step (each runner exactly once) and when in
/// the period, as a fraction in [0, 1), ascending. Publish number k goes to <c>Runners[k mod N]</c> at
/// <c>(k / N + Offsets[k mod N]) / H</c> seconds, so every order has the same total rate and the same rate per runner,
/// and the bare hub gets exactly the same traffic as the product.
/// </summary>
internal sealed class TickSchedule
{
    private TickSchedule(int[] runners, double[] offsets)
    {
        Runners = runners;
        Offsets = offsets;
    }

    /// <summary>The runner index of each step of the period.</summary>
    public IReadOnlyList<int> Runners { get; }

    /// <summary>When in the period each step is due, a fraction in [0, 1), ascending.</summary>
    public IReadOnlyList<double> Offsets { get; }

    public int Count => Runners.Count;

    /// <summary>
    /// The schedule for <paramref name="runners"/> runners in <paramref name="sessions"/> sessions of
    /// <paramref name="runnersPerSession"/> (runner i in session min(i / R, S - 1), as the run assigns them);
    /// <paramref name="seed"/> fixes the phases of <see cref="TickOrder.Random"/>.
    /// </summary>
    public static TickSchedule Build(int runners, int runnersPerSession, int sessions, TickOrder order, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runners, 1);
        return order switch
        {
            TickOrder.Sessions => Even([.. Enumerable.Range(0, runners)]),
            TickOrder.Interleaved => Even(Interleave(runners, runnersPerSession, sessions)),
            TickOrder.Random => RandomPhases(runners, seed),
            _ => throw new ArgumentOutOfRangeException(nameof(order), order, "unknown tick order"),
        };
    }

    /// <summary>The session runner <paramref name="runner"/> belongs to (the run's rule: the last session takes any remainder).</summary>
    public static int SessionOf(int runner, int runnersPerSession, int sessions) =>
        Math.Min(runner / Math.Max(1, runnersPerSession), Math.Max(1, sessions) - 1);

    private static TickSchedule Even(int[] sequence) =>
        new(sequence, [.. Enumerable.Range(0, sequence.Length).Select(j => j / (double)sequence.Length)]);

    /// <summary>Round robin over the sessions: the first runner of each session, then the second of each, and so on.</summary>
    private static int[] Interleave(int runners, int runnersPerSession, int sessions)
    {
        var bySession = Enumerable.Range(0, runners)
            .GroupBy(i => SessionOf(i, runnersPerSession, sessions))
            .OrderBy(g => g.Key)
            .Select(g => g.ToArray())
            .ToArray();
        var sequence = new List<int>(runners);
        for (var round = 0; sequence.Count < runners; round++)
        {
            foreach (var members in bySession)
            {
                if (round < members.Length)
                {
                    sequence.Add(members[round]);
                }
            }
        }

        return [.. sequence];
    }

    private static TickSchedule RandomPhases(int runners, int seed)
    {
        var random = new Random(seed);
        var phases = Enumerable.Range(0, runners).Select(i => (Runner: i, Phase: random.NextDouble())).ToArray();
        var sorted = phases.OrderBy(p => p.Phase).ThenBy(p => p.Runner).ToArray();
        return new TickSchedule([.. sorted.Select(p => p.Runner)], [.. sorted.Select(p => p.Phase)]);
    }
}
