using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Alerts;

/// <summary>The wire names of <see cref="AlertKind"/> (as in JSON), without reflection: each rule's <see cref="AlertRule.Name"/>.</summary>
public static class AlertKindNames
{
    public static string Of(AlertKind kind) => AlertRules.TryGet(kind, out var rule) ? rule.Name : "unknown";

    public static bool TryParse(string? name, out AlertKind kind)
    {
        foreach (var rule in AlertRules.Default)
        {
            if (string.Equals(rule.Name, name, StringComparison.Ordinal))
            {
                kind = rule.Kind;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
