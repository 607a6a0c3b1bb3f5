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

    private static readonly string[] FixedFormats = ["F0", "F1", "F2", "F3"];
    private static readonly string[] FractionFormats = ["", "D1", "D2", "D3"];
    private static readonly double[] Scales = [1, 10, 100, 1000];

    /// <summary>
    /// As <c>value.ToString("F" + decimals)</c>, written from whole numbers where that is exact: formatting a double costs
    /// several times a whole number's in the browser's interpreter, and every tile writes ten values per render.
    /// </summary>
    public static string Number(double? value, int decimals)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return Missing;
        }

        if (v >= 0 && !double.IsNegative(v) && decimals is >= 0 and <= 3 && v * Scales[decimals] is var scaled && scaled < 1e9)
        {
            var floor = Math.Floor(scaled);
            var fraction = scaled - floor;
            // Near a half the product's rounding could decide the digit: the double's own formatting does.
            if (Math.Abs(fraction - 0.5) > 1e-6)
            {
                var whole = (long)(fraction > 0.5 ? floor + 1 : floor);
                if (decimals == 0)
                {
                    return whole.ToString(Invariant);
                }

                var scale = (long)Scales[decimals];
                return string.Concat((whole / scale).ToString(Invariant), ".", (whole % scale).ToString(FractionFormats[decimals], Invariant));
            }
        }

        return v.ToString(decimals is >= 0 and <= 3 ? FixedFormats[decimals] : "F" + decimals.ToString(Invariant), Invariant);
    }

    public static string Number(int? value) => value is { } v ? v.ToString(Invariant) : Missing;

    /// <summary>Left/right ground-contact split, e.g. "48/52".</summary>
    public static string Balance(double? leftPct) =>
        leftPct is { } l && double.IsFinite(l)
            ? l is >= 0 and <= 100
                ? ((long)Math.Round(l)).ToString(Invariant) + "/" + ((long)Math.Round(100 - l)).ToString(Invariant)
                : Math.Round(l).ToString(Invariant) + "/" + Math.Round(100 - l).ToString(Invariant)
            : Missing;

    /// <summary>A data age: "0 s", "42 s", "3 min", "2 h".</summary>
    public static string Age(TimeSpan age) =>
        age < TimeSpan.Zero ? "0 s"
        : age < TimeSpan.FromMinutes(2) ? ((int)age.TotalSeconds).ToString(Invariant) + " s"
        : age < TimeSpan.FromHours(2) ? ((int)age.TotalMinutes).ToString(Invariant) + " min"
        : ((int)age.TotalHours).ToString(Invariant) + " h";
}
