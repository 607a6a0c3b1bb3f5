using System.Text.Json;
using System.Text.RegularExpressions;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed partial class AlertRulesTests
{
    [Fact]
    public void Default_EveryKind_HasExactlyOneRuleInEnumOrder()
    {
        var kinds = Enum.GetValues<AlertKind>();

        var sut = AlertRules.Default.Select(r => r.Kind).ToArray();

        Assert.Equal(kinds, sut);
    }

    [Fact]
    public void Default_Names_AreTheJsonNamesOfTheKinds()
    {
        foreach (var rule in AlertRules.Default)
        {
            Assert.Equal(JsonSerializer.Serialize(rule.Kind).Trim('"'), rule.Name);
            Assert.Equal(rule.Name, AlertKindNames.Of(rule.Kind));
            Assert.True(AlertKindNames.TryParse(rule.Name, out var parsed));
            Assert.Equal(rule.Kind, parsed);
        }
    }

    [Fact]
    public void Default_LabelsAndColours_FitADashboardAndAChart()
    {
        foreach (var rule in AlertRules.Default)
        {
            Assert.InRange(rule.Label.Length, 1, 8);
            Assert.Matches(HexColour(), rule.ChartColor);
        }

        Assert.Equal(AlertRules.Default.Count, AlertRules.Default.Select(r => r.Label).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Default_SpokenRules_CarryTheCatalogsCues()
    {
        foreach (var rule in AlertRules.Default)
        {
            var catalog = CueCatalog.Shared.ForKind(rule.Kind).Select(e => e.Template);

            Assert.Equal(rule.IsSpoken, CueCatalog.IsSpoken(rule.Kind));
            Assert.Equal(rule.Cues, catalog);
            Assert.InRange(rule.Cues.Count, rule.IsSpoken ? 2 : 0, rule.IsSpoken ? 4 : 0);
        }
    }

    [Fact]
    public void Create_BindsEveryRuleToTheNormalizedSettings()
    {
        var settings = new AlertSettings { CadenceDropPct = double.NaN, HrCeilingBpm = 175 };

        var sut = AlertRules.Create(settings);

        Assert.All(sut, r => Assert.Equal(settings.Normalized(), r.Settings));
        Assert.Equal(AlertSettings.Default.CadenceDropPct, sut[0].Settings.CadenceDropPct);
    }

    [Fact]
    public void For_UndefinedKind_Throws()
    {
        Assert.False(AlertRules.TryGet((AlertKind)99, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlertRules.For((AlertKind)99));
        Assert.Equal("unknown", AlertKindNames.Of((AlertKind)99));
    }

    [GeneratedRegex("^#[0-9A-F]{6}$")]
    private static partial Regex HexColour();
}
