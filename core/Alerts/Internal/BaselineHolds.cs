using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Alerts.Internal;

/// <summary>
/// Per metric, from the rules: how far off its baseline the metric may be before the baseline stops adapting, and which
/// rules hold it still while their alert is open. A slow drift cannot drag its own reference along.
/// </summary>
internal sealed class BaselineHolds
{
    private readonly List<int>[] _holders = new List<int>[Metric.Count];

    public BaselineHolds(IReadOnlyList<AlertRule> rules)
    {
        Array.Fill(FreezePct, double.PositiveInfinity);
        for (var m = 0; m < Metric.Count; m++)
        {
            _holders[m] = [];
        }

        for (var rule = 0; rule < rules.Count; rule++)
        {
            rules[rule].HoldBaselines(this, rule);
        }

        Holders = [.. _holders.Select(h => h.ToArray())];
    }

    /// <summary>Per metric: the baseline stops adapting while the metric is this many percent off it.</summary>
    public double[] FreezePct { get; } = new double[Metric.Count];

    /// <summary>Per metric: the indices of the rules that hold its baseline.</summary>
    public int[][] Holders { get; }

    /// <summary>Rule <paramref name="rule"/> holds <paramref name="metric"/>, and freezes it <paramref name="freezePct"/> off its baseline.</summary>
    public void Hold(int rule, int metric, double freezePct)
    {
        FreezePct[metric] = Math.Min(FreezePct[metric], freezePct);
        _holders[metric].Add(rule);
    }
}
