using System.Globalization;

namespace MindMuscle.Live.Web.Live;

/// <summary>How the live view writes numbers: short, invariant, a dash for a missing reading (never 0).</summary>
public static class MetricFormat
{
    public const string Missing = "–";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>min:ss per km from metres per second; a dash when standing (under 0.5 m/s) or missing.</summary>
    public static string Pace(double? speedMps) =>
        speedMps is { } s && double.IsFinite(s) && s >= 0.5 ? MinSec(1000 / s) : Missing;

    /// <summary>m:ss from seconds.</summary>
    public static string MinSec(double? seconds)
    {
        if (seconds is not { } value || !double.IsFinite(value) || value < 0)
        {
            return Missing;
        }

        var total = (int)Math.Round(value);
        return (total / 60).ToString(Invariant) + ":" + (total % 60).ToString("00", Invariant);
    }

    public static string Number(double? value, int decimals) =>
        value is { } v && double.IsFinite(v) ? v.ToString("F" + decimals.ToString(Invariant), Invariant) : Missing;

    public static string Number(int? value) => value is { } v ? v.ToString(Invariant) : Missing;

    /// <summary>Left/right ground-contact split, e.g. "48/52".</summary>
    public static string Balance(double? leftPct) =>
        leftPct is { } l && double.IsFinite(l)
            ? Math.Round(l).ToString(Invariant) + "/" + Math.Round(100 - l).ToString(Invariant)
            : Missing;

    /// <summary>A data age: "0 s", "42 s", "3 min", "2 h".</summary>
    public static string Age(TimeSpan age) =>
        age < TimeSpan.Zero ? "0 s"
        : age < TimeSpan.FromMinutes(2) ? ((int)age.TotalSeconds).ToString(Invariant) + " s"
        : age < TimeSpan.FromHours(2) ? ((int)age.TotalMinutes).ToString(Invariant) + " min"
        : ((int)age.TotalHours).ToString(Invariant) + " h";
}
