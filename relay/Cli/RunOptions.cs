namespace MindMuscle.Live.Relay.Cli;

/// <summary>The options of <c>relay run</c>, parsed and checked.</summary>
internal sealed record RunOptions
{
    public required Uri Hub { get; init; }

    public required string JoinCode { get; init; }

    public string? Name { get; init; }

    public required string Source { get; init; }

    public double Speed { get; init; } = 1;

    public string Speech { get; init; } = "espeak";

    public string DataDirectory { get; init; } = "relay-data";

    public int Runners { get; init; } = 1;

    public bool Json { get; init; }
}
