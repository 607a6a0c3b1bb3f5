using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// A scenario file as written (format in docs/simulator.md). The converters check each value; <see cref="ToScenario"/>
/// checks what spans fields and fills in the defaults.
/// </summary>
internal sealed record ScenarioDocument
{
    [JsonConverter(typeof(TextConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(TextConverter))]
    public string? Description { get; init; }

    [JsonConverter(typeof(ScenarioTimeConverter))]
    public TimeSpan? Duration { get; init; }

    public RunnerDocument? Runner { get; init; }

    public IReadOnlyList<ScenarioEventDocument?>? Events { get; init; }

    public Scenario ToScenario(string fallbackName)
    {
        var name = Name ?? fallbackName;
        var duration = Duration ?? TimeSpan.FromMinutes(20);
        if (duration <= TimeSpan.Zero)
        {
            throw ScenarioReader.Mistake(name, "$.duration", "must be positive.");
        }

        var profile = Runner?.ToProfile(name, "$.runner") ?? RunnerProfile.Default;
        var events = new List<ScenarioEvent>();
        for (var i = 0; i < Events?.Count; i++)
        {
            var path = $"$.events[{i}]";
            var e = Events[i] ?? throw ScenarioReader.Mistake(name, path, "must be an object.");
            events.AddRange(e.ToEvents(name, path));
        }

        return new Scenario
        {
            Name = name,
            Description = Description ?? "",
            Duration = duration,
            Profile = profile,
            Events = [.. events.OrderBy(e => e.At)],
        };
    }
}

/// <summary>A scenario's <c>"runner"</c> block: overrides of <see cref="RunnerProfile.Default"/>.</summary>
internal sealed record RunnerDocument
{
    [JsonConverter(typeof(PositiveConverter))]
    public double? Speed { get; init; }

    /// <summary>The pace per km, read as the speed it means (m/s).</summary>
    [JsonPropertyName("pace"), JsonConverter(typeof(PaceConverter))]
    public double? PaceAsSpeed { get; init; }

    [JsonConverter(typeof(PositiveConverter))]
    public double? Cadence { get; init; }

    [JsonConverter(typeof(PositiveConverter))]
    public double? MassKg { get; init; }

    [JsonConverter(typeof(PositiveConverter))]
    public double? Hr { get; init; }

    [JsonConverter(typeof(PositiveConverter))]
    public double? RestingHr { get; init; }

    [JsonConverter(typeof(PositiveConverter))]
    public double? MaxHr { get; init; }

    [JsonConverter(typeof(PositiveConverter))]
    public double? StartHr { get; init; }

    [JsonConverter(typeof(NumberConverter))]
    public double? Drift { get; init; }

    [JsonConverter(typeof(PositiveConverter))]
    public double? Vo { get; init; }

    [JsonConverter(typeof(PositiveConverter))]
    public double? Gct { get; init; }

    [JsonConverter(typeof(BalanceConverter))]
    public double? BalanceLeft { get; init; }

    [JsonConverter(typeof(BatteryConverter))]
    public double? BatteryHr { get; init; }

    [JsonConverter(typeof(BatteryConverter))]
    public double? BatteryFootpod { get; init; }

    [JsonConverter(typeof(BatteryConverter))]
    public double? BatteryPower { get; init; }

    [JsonConverter(typeof(NumberConverter))]
    public double? BatteryDrain { get; init; }

    public RunnerProfile ToProfile(string scenario, string path)
    {
        if (Speed is not null && PaceAsSpeed is not null)
        {
            throw ScenarioReader.Mistake(scenario, path + ".pace", "cannot be combined with \"speed\": both set the runner's pace.");
        }

        var p = RunnerProfile.Default;
        return p with
        {
            SpeedMps = Speed ?? PaceAsSpeed ?? p.SpeedMps,
            CadenceSpm = Cadence ?? p.CadenceSpm,
            MassKg = MassKg ?? p.MassKg,
            HeartRateAtBaseBpm = Hr ?? p.HeartRateAtBaseBpm,
            RestingHeartRateBpm = RestingHr ?? p.RestingHeartRateBpm,
            MaxHeartRateBpm = MaxHr ?? p.MaxHeartRateBpm,
            StartHeartRateBpm = StartHr ?? p.StartHeartRateBpm,
            CardiacDriftBpmPerMinute = Drift ?? p.CardiacDriftBpmPerMinute,
            VerticalOscillationCm = Vo ?? p.VerticalOscillationCm,
            GroundContactMs = Gct ?? p.GroundContactMs,
            GctBalanceLeftPct = BalanceLeft ?? p.GctBalanceLeftPct,
            HeartStrapBatteryPct = BatteryHr ?? p.HeartStrapBatteryPct,
            FootpodBatteryPct = BatteryFootpod ?? p.FootpodBatteryPct,
            PowerPodBatteryPct = BatteryPower ?? p.PowerPodBatteryPct,
            BatteryDrainPctPerHour = BatteryDrain ?? p.BatteryDrainPctPerHour,
        };
    }
}
