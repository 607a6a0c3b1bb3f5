using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// A scripted run: a runner profile, a duration and timed events (form deviations, sensor drops, battery, intervals).
/// Built-in scenarios are embedded in this assembly (<see cref="BuiltInNames"/>); any other JSON file can be loaded by
/// path. The format is documented in docs/simulator.md.
/// </summary>
public sealed record Scenario
{
    private const string ResourcePrefix = "MindMuscle.Live.Core.Runners.Scenarios.";

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(20);

    public RunnerProfile Profile { get; init; } = RunnerProfile.Default;

    /// <summary>Events in start order; intervals are already expanded into one pace event per rep.</summary>
    public IReadOnlyList<ScenarioEvent> Events { get; init; } = [];

    /// <summary>Names of the scenarios shipped inside the assembly, sorted.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = typeof(Scenario).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Loads a built-in scenario by name (<c>fatigue</c>) or a scenario JSON file by path.</summary>
    /// <exception cref="ScenarioException">Unknown name, missing file, or a malformed file.</exception>
    public static Scenario Load(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        var builtIn = BuiltInNames.FirstOrDefault(n => string.Equals(n, nameOrPath, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null)
        {
            using var stream = typeof(Scenario).Assembly.GetManifestResourceStream(ResourcePrefix + builtIn + ".json")
                ?? throw new ScenarioException($"Built-in scenario '{builtIn}' is missing from the assembly.");
            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd(), builtIn);
        }

        if (!File.Exists(nameOrPath))
        {
            throw new ScenarioException(
                $"Unknown scenario '{nameOrPath}': not a built-in one ({string.Join(", ", BuiltInNames)}) and no such file.");
        }

        string json;
        try
        {
            json = File.ReadAllText(nameOrPath);
        }
        catch (IOException ex)
        {
            throw new ScenarioException($"Scenario file '{nameOrPath}' could not be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ScenarioException($"Scenario file '{nameOrPath}' could not be read: {ex.Message}", ex);
        }

        return Parse(json, Path.GetFileNameWithoutExtension(nameOrPath));
    }

    /// <summary>Parses scenario JSON; <paramref name="fallbackName"/> names it when the file has no <c>"name"</c>.</summary>
    /// <exception cref="ScenarioException">The JSON is malformed or has an unknown field or value.</exception>
    public static Scenario Parse(string json, string fallbackName) => ScenarioReader.Parse(json, fallbackName);

    /// <summary>The sensor is silent (disconnected) at run time <paramref name="t"/>.</summary>
    public bool IsDropped(RunnerSensor sensor, TimeSpan t)
    {
        foreach (var e in Events)
        {
            if (e.At > t)
            {
                break;
            }

            if (e.Drop is { } drop && (e.Sensor is null || e.Sensor == sensor) && t < e.At + drop)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The heart-rate strap reports lost skin contact at <paramref name="t"/>.</summary>
    public bool IsContactLost(TimeSpan t)
    {
        foreach (var e in Events)
        {
            if (e.At > t)
            {
                break;
            }

            if (e.SensorContact == false && (e.For is not { } hold || t < e.At + hold))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Ground truth: the alerts each event should cause, from its true start time. An event's <c>"expect"</c> list wins;
    /// otherwise the kinds follow from the noise-free metrics just before the event and once it has fully ramped in,
    /// judged against <paramref name="thresholds"/> (default: the alert engine's documented defaults).
    /// </summary>
    public IReadOnlyList<ExpectedAlert> ExpectedAlerts(ExpectedAlertThresholds? thresholds = null)
    {
        thresholds ??= ExpectedAlertThresholds.Default;
        var expected = new List<ExpectedAlert>();
        for (var i = 0; i < Events.Count; i++)
        {
            var e = Events[i];
            if (e.Expect is { } declared)
            {
                expected.AddRange(declared.Select(kind => new ExpectedAlert(kind, e.At, e.EndsAt ?? DropEnd(e), i, "declared in the scenario")));
                continue;
            }

            if (e.Drop is { } drop && drop >= thresholds.SensorLostAfter)
            {
                expected.Add(new ExpectedAlert(AlertKind.SensorLost, e.At, e.At + drop, i, $"{SensorName(e.Sensor)} silent for {drop.TotalSeconds:0} s"));
            }

            if (e.BatteryPct is { } battery && battery <= thresholds.LowBatteryPct)
            {
                expected.Add(new ExpectedAlert(AlertKind.LowBattery, e.At, null, i, $"{SensorName(e.Sensor)} battery at {battery:0} %"));
            }

            if (e.SensorContact == false)
            {
                expected.Add(new ExpectedAlert(AlertKind.ContactLost, e.At, e.For is { } hold ? e.At + hold : null, i, "strap lost skin contact"));
            }

            if (e.Changes.Count > 0)
            {
                DeriveFormAlerts(e, i, thresholds, expected);
            }
        }

        return expected;
    }

    private void DeriveFormAlerts(ScenarioEvent e, int index, ExpectedAlertThresholds thresholds, List<ExpectedAlert> expected)
    {
        var before = RunnerTargets.Compute(Profile, Events, e.At - TimeSpan.FromMilliseconds(1));
        var after = RunnerTargets.Compute(Profile, Events, e.FullyAppliedAt);
        double Pct(double a, double b) => ((b / a) - 1) * 100;

        var cadence = Pct(before.CadenceSpm, after.CadenceSpm);
        var stride = Pct(before.StrideLengthM, after.StrideLengthM);
        var speed = Pct(before.SpeedMps, after.SpeedMps);
        var vo = Pct(before.VerticalOscillationCm, after.VerticalOscillationCm);
        var gct = Pct(before.GroundContactMs, after.GroundContactMs);
        var hr = Pct(before.HeartRateBpm, after.HeartRateBpm);
        void Add(AlertKind kind, string reason) => expected.Add(new ExpectedAlert(kind, e.At, e.EndsAt, index, reason));

        if (cadence <= -thresholds.CadenceDropPct)
        {
            Add(AlertKind.CadenceDrop, $"cadence {cadence:+0.0;-0.0} %");
        }

        if (Math.Abs(stride) >= thresholds.StrideChangePct)
        {
            Add(AlertKind.StrideChange, $"stride {stride:+0.0;-0.0} %");
        }

        if (stride >= thresholds.OverstrideStrideUpPct && cadence <= -thresholds.OverstrideCadenceDownPct)
        {
            Add(AlertKind.Overstride, $"stride {stride:+0.0;-0.0} % with cadence {cadence:+0.0;-0.0} %");
        }

        if (vo >= thresholds.VerticalOscillationUpPct || gct >= thresholds.GroundContactUpPct)
        {
            Add(AlertKind.HeavyFootfall, $"vertical oscillation {vo:+0.0;-0.0} %, ground contact {gct:+0.0;-0.0} %");
        }

        var band = thresholds.BalanceBandPct;
        if (Math.Abs(after.GctBalanceLeftPct - 50) > band && Math.Abs(before.GctBalanceLeftPct - 50) <= band)
        {
            Add(AlertKind.Imbalance, $"left share {after.GctBalanceLeftPct:0.0} %");
        }

        if (hr >= thresholds.HrDriftPct && Math.Abs(speed) <= thresholds.HrDriftPaceBandPct)
        {
            Add(AlertKind.HrDrift, $"heart rate {hr:+0.0;-0.0} % at pace {speed:+0.0;-0.0} %");
        }

        if (thresholds.HrCeilingBpm is { } ceiling && after.HeartRateBpm > ceiling && before.HeartRateBpm <= ceiling)
        {
            Add(AlertKind.HrCeiling, $"heart rate {after.HeartRateBpm:0} bpm over {ceiling:0}");
        }
    }

    private static TimeSpan? DropEnd(ScenarioEvent e) => e.Drop is { } drop ? e.At + drop : null;

    private static string SensorName(RunnerSensor? sensor) => sensor switch
    {
        RunnerSensor.HeartRate => "heart-rate strap",
        RunnerSensor.Footpod => "footpod",
        RunnerSensor.Power => "power pod",
        _ => "every sensor",
    };
}
