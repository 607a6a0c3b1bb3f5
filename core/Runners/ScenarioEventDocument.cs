using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Core.Runners;

/// <summary>One entry of a scenario's <c>"events"</c> as written; <see cref="ToEvents"/> checks it as a whole.</summary>
internal sealed record ScenarioEventDocument
{
    [JsonConverter(typeof(ScenarioTimeConverter))]
    public TimeSpan? At { get; init; }

    [JsonConverter(typeof(ScenarioTimeConverter))]
    public TimeSpan? Over { get; init; }

    [JsonConverter(typeof(ScenarioTimeConverter))]
    public TimeSpan? For { get; init; }

    [JsonConverter(typeof(TextConverter))]
    public string? Label { get; init; }

    [JsonConverter(typeof(MetricChangeConverter))]
    public MetricChange? Cadence { get; init; }

    [JsonConverter(typeof(MetricChangeConverter))]
    public MetricChange? Stride { get; init; }

    [JsonConverter(typeof(MetricChangeConverter))]
    public MetricChange? Speed { get; init; }

    [JsonConverter(typeof(PaceChangeConverter))]
    public MetricChange? Pace { get; init; }

    [JsonConverter(typeof(MetricChangeConverter))]
    public MetricChange? Vo { get; init; }

    [JsonConverter(typeof(MetricChangeConverter))]
    public MetricChange? Gct { get; init; }

    [JsonConverter(typeof(MetricChangeConverter))]
    public MetricChange? Hr { get; init; }

    [JsonConverter(typeof(BalanceConverter))]
    public double? BalanceLeft { get; init; }

    [JsonConverter(typeof(SensorConverter))]
    public RunnerSensor? Sensor { get; init; }

    [JsonConverter(typeof(ScenarioTimeConverter))]
    public TimeSpan? Drop { get; init; }

    [JsonConverter(typeof(BatteryConverter))]
    public double? Battery { get; init; }

    [JsonConverter(typeof(SwitchConverter))]
    public bool? Contact { get; init; }

    public IReadOnlyList<AlertKind>? Expect { get; init; }

    public IntervalsDocument? Intervals { get; init; }

    public IReadOnlyList<ScenarioEvent> ToEvents(string scenario, string path)
    {
        if (At is not { } at)
        {
            throw ScenarioReader.Mistake(scenario, path + ".at", "is required (a time like \"06:00\").");
        }

        if (Drop is not null && Sensor is null)
        {
            throw ScenarioReader.Mistake(scenario, path + ".drop", "needs a \"sensor\" (hr, footpod or power).");
        }

        if (Speed is not null && Pace is not null)
        {
            throw ScenarioReader.Mistake(scenario, path + ".pace", "cannot be combined with \"speed\" in one event: both set the pace.");
        }

        var changes = Changes();
        var others = changes.Count > 0 || Drop is not null || Battery is not null || Contact is not null;
        if (Intervals is { } plan)
        {
            return others
                ? throw ScenarioReader.Mistake(scenario, path + ".intervals", "cannot be combined with other changes in one event.")
                : plan.Expand(scenario, path + ".intervals", at, Expect);
        }

        if (!others)
        {
            throw ScenarioReader.Mistake(scenario, path, "changes nothing.");
        }

        return
        [
            new ScenarioEvent
            {
                At = at,
                Over = Over ?? TimeSpan.Zero,
                For = For,
                Label = Label,
                Changes = changes,
                Sensor = Sensor,
                Drop = Drop,
                BatteryPct = Battery,
                SensorContact = Contact,
                Expect = Expect,
            },
        ];
    }

    private Dictionary<ScenarioMetric, MetricChange> Changes()
    {
        var changes = new Dictionary<ScenarioMetric, MetricChange>();
        void Add(ScenarioMetric metric, MetricChange? change)
        {
            if (change is { } c)
            {
                changes[metric] = c;
            }
        }

        Add(ScenarioMetric.Cadence, Cadence);
        Add(ScenarioMetric.Stride, Stride);
        Add(ScenarioMetric.Speed, Speed ?? Pace);
        Add(ScenarioMetric.VerticalOscillation, Vo);
        Add(ScenarioMetric.GroundContact, Gct);
        Add(ScenarioMetric.HeartRate, Hr);
        Add(ScenarioMetric.BalanceLeft, BalanceLeft is { } left ? MetricChange.Absolute(left) : null);
        return changes;
    }
}

/// <summary>An event's <c>"intervals"</c> plan, expanded into one absolute-pace event per segment.</summary>
internal sealed record IntervalsDocument
{
    /// <summary>The fast pace per km, read as the speed it means (m/s).</summary>
    [JsonConverter(typeof(PaceConverter))]
    public double? Fast { get; init; }

    /// <summary>The easy pace per km, read as the speed it means (m/s).</summary>
    [JsonConverter(typeof(PaceConverter))]
    public double? Easy { get; init; }

    [JsonConverter(typeof(ScenarioTimeConverter))]
    public TimeSpan? FastFor { get; init; }

    [JsonConverter(typeof(ScenarioTimeConverter))]
    public TimeSpan? EasyFor { get; init; }

    [JsonConverter(typeof(ScenarioTimeConverter))]
    public TimeSpan? Over { get; init; }

    [JsonConverter(typeof(RepeatsConverter))]
    public int? Repeats { get; init; }

    /// <summary>Alternates fast and easy from <paramref name="start"/>, <see cref="Repeats"/> times, ending on the easy pace.</summary>
    public IReadOnlyList<ScenarioEvent> Expand(string scenario, string path, TimeSpan start, IReadOnlyList<AlertKind>? expect)
    {
        ScenarioException Missing(string field) =>
            ScenarioReader.Mistake(scenario, $"{path}.{field}", "is required (fast and easy are paces like \"3:45\"; fastFor, easyFor and repeats are needed too).");

        var fast = Fast ?? throw Missing("fast");
        var easy = Easy ?? throw Missing("easy");
        var fastFor = FastFor ?? throw Missing("fastFor");
        var easyFor = EasyFor ?? throw Missing("easyFor");
        var repeats = Repeats ?? throw Missing("repeats");
        var over = Over ?? TimeSpan.FromSeconds(5);

        var events = new List<ScenarioEvent>();
        var t = start;
        for (var i = 1; i <= repeats; i++)
        {
            events.Add(Pace(t, fast, $"interval {i} fast"));
            t += fastFor;
            events.Add(Pace(t, easy, $"interval {i} easy"));
            t += easyFor;
        }

        return events;

        ScenarioEvent Pace(TimeSpan at, double speed, string label) => new()
        {
            At = at,
            Over = over,
            Label = label,
            Changes = new Dictionary<ScenarioMetric, MetricChange> { [ScenarioMetric.Speed] = MetricChange.Absolute(speed) },
            Expect = expect,
        };
    }
}
