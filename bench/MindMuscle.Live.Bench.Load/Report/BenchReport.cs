using System.Text.Json;
using System.Text.Json.Serialization;
using MindMuscle.Live.Bench.Load.Scenarios;
using MindMuscle.Live.Bench.Load.Web;

namespace MindMuscle.Live.Bench.Load.Report;

/// <summary>The --json-out file: the machine, the command, every run, breaking points, the replay and the analyze benchmarks.</summary>
internal sealed record BenchReport
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly JsonSerializerOptions LineOptions = new(Options) { WriteIndented = false };

    public required string StartedAt { get; init; }

    public required string CommandLine { get; init; }

    public required MachineInfo Machine { get; init; }

    public List<RunResult> Runs { get; init; } = [];

    public List<BreakingPointResult> BreakingPoints { get; init; } = [];

    public ReplayResult? Replay { get; init; }

    public AnalyzeResult? Analyze { get; init; }

    public WebResult? Web { get; init; }

    /// <summary>One line of JSON (the --web figures printed after the table).</summary>
    public static string ToJsonLine<T>(T value) => JsonSerializer.Serialize(value, LineOptions);

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static BenchReport? FromJson(string json) => JsonSerializer.Deserialize<BenchReport>(json, Options);
}

/// <summary>The most runners one hub carried with p99 under the limit and nothing lost, and what broke next.</summary>
internal sealed record BreakingPointResult
{
    public required string Hub { get; init; }

    public required string Protocol { get; init; }

    public int HeldRunners { get; init; }

    public int? BrokeAtRunners { get; init; }

    public IReadOnlyList<string> BrokeBecause { get; init; } = [];

    /// <summary>
    /// The breaking step broke with the generator behind its schedule, also on its rerun: the break may be the
    /// generator's, not the hub's, so the breaking point is a lower bound for the hub.
    /// </summary>
    public bool BrokeWithGeneratorBehind { get; init; }

    public List<RunResult> Steps { get; init; } = [];
}
