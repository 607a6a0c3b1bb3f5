using System.Diagnostics.CodeAnalysis;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>The registry of alert rules, in evaluation order (the order alerts of one sample come out in).</summary>
public static class AlertRules
{
    /// <summary>Every rule with the default settings: the metadata apps read.</summary>
    public static IReadOnlyList<AlertRule> Default { get; } = Create(AlertSettings.Default);

    private static readonly AlertRule?[] ByKind = IndexByKind(Default);

    /// <summary>Every rule bound to one session's settings.</summary>
    public static IReadOnlyList<AlertRule> Create(AlertSettings settings) =>
    [
        new CadenceDropRule(settings),
        new StrideChangeRule(settings),
        new OverstrideRule(settings),
        new HeavyFootfallRule(settings),
        new ImbalanceRule(settings),
        new HrDriftRule(settings),
        new HrCeilingRule(settings),
        new PaceDropRule(settings),
        new SensorLostRule(settings),
        new LowBatteryRule(settings),
        new ContactLostRule(settings),
        new RepFadeRule(settings),
    ];

    /// <summary>The rule of a kind (default settings); false for a value the enum does not define.</summary>
    public static bool TryGet(AlertKind kind, [NotNullWhen(true)] out AlertRule? rule)
    {
        rule = (uint)kind < (uint)ByKind.Length ? ByKind[(int)kind] : null;
        return rule is not null;
    }

    /// <summary>The rule of a kind (default settings).</summary>
    public static AlertRule For(AlertKind kind) =>
        TryGet(kind, out var rule) ? rule : throw new ArgumentOutOfRangeException(nameof(kind), kind, "no rule for this alert kind");

    private static AlertRule?[] IndexByKind(IReadOnlyList<AlertRule> rules)
    {
        var byKind = new AlertRule?[rules.Max(r => (int)r.Kind) + 1];
        foreach (var rule in rules)
        {
            byKind[(int)rule.Kind] = rule;
        }

        return byKind;
    }
}
