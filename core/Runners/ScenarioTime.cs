using System.Globalization;

namespace MindMuscle.Live.Core.Runners;

/// <summary>The run times a scenario file writes: "06:00" (mm:ss), "1:02:03", "20s", "2m", "1m30s", "500ms", "1h", or seconds.</summary>
internal static class ScenarioTime
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        return text.Contains(':', StringComparison.Ordinal) ? TryParseClock(text, out value) : TryParseUnits(text, out value);
    }

    private static bool TryParseClock(string text, out TimeSpan value)
    {
        value = default;
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3)
        {
            return false;
        }

        double total = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || (i > 0 && n >= 60) || (!last && n != Math.Floor(n)))
            {
                return false;
            }

            total = (total * 60) + n;
        }

        value = TimeSpan.FromSeconds(total);
        return true;
    }

    private static bool TryParseUnits(string text, out TimeSpan value)
    {
        value = default;
        var seconds = 0.0;
        var rest = text.AsSpan();
        var any = false;
        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || !double.TryParse(rest[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            rest = rest[digits..];
            double unit;
            if (rest.StartsWith("ms")) { unit = 0.001; rest = rest[2..]; }
            else if (rest.StartsWith("h")) { unit = 3600; rest = rest[1..]; }
            else if (rest.StartsWith("m")) { unit = 60; rest = rest[1..]; }
            else if (rest.StartsWith("s")) { unit = 1; rest = rest[1..]; }
            else if (rest.IsEmpty && !any) { unit = 1; }
            else { return false; }

            seconds += n * unit;
            any = true;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
