using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Runners;

namespace MindMuscle.Live.Core.Tests.Runners;

public sealed class ScenarioTests
{
    [Fact]
    public void BuiltInNames_ListsTheShippedScenarios()
    {
        var names = Scenario.BuiltInNames;

        Assert.Subset(names.ToHashSet(), new HashSet<string> { "steady", "fatigue", "asymmetry", "dropout", "intervals", "fatigue-quick", "asymmetry-quick" });
    }

    [Fact]
    public void Load_EveryBuiltIn_ParsesWithEventsInsideItsDuration()
    {
        foreach (var name in Scenario.BuiltInNames)
        {
            var scenario = Scenario.Load(name);

            Assert.Equal(name, scenario.Name);
            Assert.All(scenario.Events, e => Assert.True(e.At < scenario.Duration, $"{name}: event at {e.At}"));
            Assert.Equal(scenario.Events.OrderBy(e => e.At), scenario.Events);
        }
    }

    [Fact]
    public void Load_UnknownName_ThrowsNamingTheBuiltIns()
    {
        var ex = Assert.Throws<ScenarioException>(() => Scenario.Load("no-such-scenario"));

        Assert.Contains("fatigue", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FilePath_ReadsTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mml-scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "duration": "5:00", "events": [ { "at": "01:00", "cadence": "-6%" } ] }""");
        try
        {
            var scenario = Scenario.Load(path);

            Assert.Equal(Path.GetFileNameWithoutExtension(path), scenario.Name);
            Assert.Equal(TimeSpan.FromMinutes(5), scenario.Duration);
            Assert.Equal(MetricChange.Relative(-0.06), scenario.Events[0].Changes[ScenarioMetric.Cadence]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{ "events": [ { "at": "01:00", "cadance": "-6%" } ] }""", "$.events[0].cadance is not a known field (expected at, over, for,")]
    [InlineData("""{ "runner": { "speedy": 3 } }""", "$.runner.speedy is not a known field (expected speed, pace,")]
    [InlineData("""{ "events": [ { "cadence": "-6%" } ] }""", "$.events[0].at is required")]
    [InlineData("""{ "events": [ { "at": "1:00", "sensor": "footpod" } ] }""", "$.events[0] changes nothing")]
    [InlineData("""{ "events": [ { "at": "1:00", "drop": "30s" } ] }""", "$.events[0].drop needs a \"sensor\"")]
    [InlineData("""{ "events": [ { "at": "soon", "cadence": "-6%" } ] }""", "$.events[0].at must be a time")]
    [InlineData("""{ "events": [ { "at": "1:00", "balanceLeft": 90 } ] }""", "$.events[0].balanceLeft must be a left share in percent, 30–70")]
    [InlineData("""{ "events": [ { "at": "1:00", "cadence": "lots" } ] }""", "$.events[0].cadence must be a percentage")]
    [InlineData("""{ "events": [ { "at": "1:00", "cadence": -3 } ] }""", "$.events[0].cadence must be positive")]
    [InlineData("""{ "events": [ { "at": "1:00", "intervals": { "fast": "3:00", "easy": "5:00", "fastFor": 60, "easyFor": 60, "repeats": 1.5 } } ] }""", "$.events[0].intervals.repeats must be a whole number 1–100")]
    [InlineData("""{ "events": [ { "at": "1:00", "hr": "+5%", "expect": ["nope"] } ] }""", "$.events[0].expect[0] is an unknown alert kind \"nope\"")]
    [InlineData("""{ "events": [ { "at": "1:00", "sensor": "gps", "drop": "3s" } ] }""", "$.events[0].sensor must be \"hr\", \"footpod\" or \"power\"")]
    [InlineData("""{ "events": [ { "at": "1:00", "intervals": { "fast": "3:00" } } ] }""", "$.events[0].intervals.easy is required")]
    [InlineData("""{ "events": [ { "at": "1:00", "pace": "4:00", "speed": 3 } ] }""", "$.events[0].pace cannot be combined with \"speed\"")]
    [InlineData("""{ "events": {} }""", "$.events must be an array")]
    [InlineData("""{ "name": 3 }""", "$.name must be a string")]
    [InlineData("""{ "duration": "0s" }""", "$.duration must be positive")]
    [InlineData("""[1, 2]""", "$ (the top level) must be an object")]
    [InlineData("""{ "events": [ """, "not valid JSON")]
    public void Parse_BadInput_ThrowsScenarioExceptionNamingTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<ScenarioException>(() => Scenario.Parse(json, "bad"));

        Assert.StartsWith("Scenario 'bad'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("06:00", 360)]
    [InlineData("1:02:03", 3723)]
    [InlineData("20s", 20)]
    [InlineData("2m", 120)]
    [InlineData("1m30s", 90)]
    [InlineData("500ms", 0.5)]
    [InlineData("1h", 3600)]
    [InlineData("45", 45)]
    public void ScenarioTimeTryParse_KnownFormats_Parse(string text, double seconds)
    {
        Assert.True(ScenarioTime.TryParse(text, out var value));

        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Fact]
    public void Parse_PaceChange_IsTheInverseOfSpeed()
    {
        var scenario = Scenario.Parse("""{ "events": [ { "at": "1:00", "pace": "+5%" }, { "at": "2:00", "pace": "4:00" } ] }""", "p");

        Assert.Equal((1 / 1.05) - 1, scenario.Events[0].Changes[ScenarioMetric.Speed].Value, 12);
        Assert.Equal(MetricChange.Absolute(1000 / 240.0), scenario.Events[1].Changes[ScenarioMetric.Speed]);
    }

    [Fact]
    public void Parse_Intervals_ExpandsIntoAlternatingPaceEvents()
    {
        var scenario = Scenario.Load("intervals");

        Assert.Equal(12, scenario.Events.Count);
        Assert.Equal(TimeSpan.FromMinutes(6), scenario.Events[0].At);
        Assert.Equal(TimeSpan.FromMinutes(7), scenario.Events[1].At);
        Assert.Equal(TimeSpan.FromMinutes(8.5), scenario.Events[2].At);
        Assert.Equal(1000 / 225.0, scenario.Events[0].Changes[ScenarioMetric.Speed].Value, 9);
        Assert.Equal(1000 / 315.0, scenario.Events[1].Changes[ScenarioMetric.Speed].Value, 9);
    }

    [Fact]
    public void ExpectedAlerts_Fatigue_DerivesEachSignAtItsTrueStart()
    {
        var expected = Scenario.Load("fatigue").ExpectedAlerts();

        Assert.Contains(expected, a => a.Kind == AlertKind.CadenceDrop && a.StartsAt == TimeSpan.FromMinutes(6) && a.EndsAt == TimeSpan.FromSeconds(360 + 20 + 120 + 20));
        Assert.Contains(expected, a => a.Kind == AlertKind.Overstride && a.StartsAt == TimeSpan.FromMinutes(6));
        Assert.Contains(expected, a => a.Kind == AlertKind.HeavyFootfall && a.StartsAt == TimeSpan.FromMinutes(10));
        Assert.Contains(expected, a => a.Kind == AlertKind.HrDrift && a.StartsAt == TimeSpan.FromMinutes(13) && a.EndsAt is null);
        Assert.Contains(expected, a => a.Kind == AlertKind.StrideChange && a.StartsAt == TimeSpan.FromMinutes(17));
        Assert.DoesNotContain(expected, a => a.Kind == AlertKind.StrideChange && a.StartsAt == TimeSpan.FromMinutes(6));
        Assert.DoesNotContain(expected, a => a.Kind is AlertKind.Imbalance or AlertKind.SensorLost);
    }

    [Fact]
    public void ExpectedAlerts_Asymmetry_ExpectsImbalanceTwice()
    {
        var expected = Scenario.Load("asymmetry").ExpectedAlerts();

        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(12)], expected.Where(a => a.Kind == AlertKind.Imbalance).Select(a => a.StartsAt));
    }

    [Fact]
    public void ExpectedAlerts_Dropout_ExpectsSensorLostOnlyForDropsOfFiveSecondsOrMore()
    {
        var expected = Scenario.Load("dropout").ExpectedAlerts();

        Assert.Equal(3, expected.Count(a => a.Kind == AlertKind.SensorLost));
        Assert.Contains(expected, a => a.Kind == AlertKind.SensorLost && a.StartsAt == TimeSpan.FromMinutes(5) && a.EndsAt == TimeSpan.FromSeconds(330));
        Assert.Contains(expected, a => a.Kind == AlertKind.LowBattery && a.StartsAt == TimeSpan.FromMinutes(15));
        Assert.Contains(expected, a => a.Kind == AlertKind.ContactLost && a.StartsAt == TimeSpan.FromMinutes(13));
    }

    [Fact]
    public void ExpectedAlerts_Steady_IsEmpty()
    {
        Assert.Empty(Scenario.Load("steady").ExpectedAlerts());
    }

    [Fact]
    public void ExpectedAlerts_QuickVariants_DeviateBetweenOneAndAHalfAndTwoMinutes()
    {
        var fatigue = Scenario.Load("fatigue-quick").ExpectedAlerts();
        var asymmetry = Scenario.Load("asymmetry-quick").ExpectedAlerts();

        Assert.Contains(fatigue, a => a.Kind == AlertKind.CadenceDrop && a.StartsAt == TimeSpan.FromSeconds(90));
        Assert.Contains(asymmetry, a => a.Kind == AlertKind.Imbalance && a.StartsAt == TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void ExpectedAlerts_DeclaredExpect_OverridesDerivation()
    {
        var scenario = Scenario.Parse("""{ "events": [ { "at": "2:00", "cadence": "-9%", "expect": ["paceDrop"] } ] }""", "x");

        var expected = scenario.ExpectedAlerts();

        Assert.Equal(AlertKind.PaceDrop, Assert.Single(expected).Kind);
    }

    [Fact]
    public void ExpectedAlerts_CustomThresholds_ChangeTheDerivation()
    {
        var scenario = Scenario.Parse("""{ "events": [ { "at": "2:00", "cadence": "-4%" } ] }""", "x");

        Assert.DoesNotContain(scenario.ExpectedAlerts(), a => a.Kind == AlertKind.CadenceDrop);
        Assert.Contains(scenario.ExpectedAlerts(new ExpectedAlertThresholds { CadenceDropPct = 3 }), a => a.Kind == AlertKind.CadenceDrop);
    }

    [Fact]
    public void Vary_SameSeed_GivesTheSameRunnerAndDifferentSeedsDiffer()
    {
        var profile = RunnerProfile.Default;

        Assert.Equal(profile.Vary(3), profile.Vary(3));
        Assert.NotEqual(profile.Vary(3), profile.Vary(4));
        Assert.InRange(profile.Vary(3).SpeedMps, profile.SpeedMps * 0.95, profile.SpeedMps * 1.05);
    }
}
