using System.Globalization;
using System.Text;
using MindMuscle.Live.Core.Runners;

namespace MindMuscle.Live.Core.Tests.Runners;

/// <summary>
/// Every value a parsed <see cref="Scenario"/> carries, as text with round-trip numbers: two scenarios with the same
/// snapshot are equal value for value (the records' own equality compares their lists by reference).
/// </summary>
internal static class ScenarioSnapshot
{
    public static string Of(Scenario scenario)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"name={scenario.Name} duration={scenario.Duration:c}");
        text.AppendLine(CultureInfo.InvariantCulture, $"description={scenario.Description}");
        text.AppendLine(CultureInfo.InvariantCulture, $"profile={Profile(scenario.Profile)}");
        foreach (var e in scenario.Events)
        {
            text.AppendLine(Event(e));
        }

        return text.ToString();
    }

    private static string Profile(RunnerProfile p) => string.Join(
        " ",
        N(p.MassKg), N(p.SpeedMps), N(p.CadenceSpm), N(p.RestingHeartRateBpm), N(p.HeartRateAtBaseBpm), N(p.MaxHeartRateBpm),
        N(p.StartHeartRateBpm), N(p.CardiacDriftBpmPerMinute), N(p.VerticalOscillationCm), N(p.GroundContactMs),
        N(p.GctBalanceLeftPct), N(p.PowerWattsPerKgPerMps), N(p.HeartStrapBatteryPct), N(p.FootpodBatteryPct),
        N(p.PowerPodBatteryPct), N(p.BatteryDrainPctPerHour));

    private static string Event(ScenarioEvent e)
    {
        var changes = string.Join(",", e.Changes.OrderBy(c => c.Key).Select(c => $"{c.Key}:{(c.Value.IsRelative ? "rel" : "abs")}:{N(c.Value.Value)}"));
        var expect = e.Expect is null ? "-" : "[" + string.Join(",", e.Expect) + "]";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"at={e.At:c} over={e.Over:c} for={e.For:c} label={e.Label} sensor={e.Sensor} drop={e.Drop:c} battery={(e.BatteryPct is { } b ? N(b) : "")} contact={e.SensorContact} expect={expect} changes={changes}");
    }

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
