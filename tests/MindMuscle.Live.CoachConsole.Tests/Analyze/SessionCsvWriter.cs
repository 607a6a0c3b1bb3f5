using System.Globalization;
using System.Text;
using MindMuscle.Live.CoachConsole.Analyze;

namespace MindMuscle.Live.CoachConsole.Tests.Analyze;

/// <summary>Writes session CSVs in the hub's export format for the analyze tests: steady 1 Hz running with optional changes.</summary>
internal static class SessionCsvWriter
{
    public const long Start = 1_764_000_000_000;

    /// <summary>A runner's rows: <paramref name="cadenceAt"/> gives the cadence at second i.</summary>
    public static IEnumerable<string> Runner(string runnerId, string name, int seconds, Func<int, double> cadenceAt)
    {
        for (var i = 0; i < seconds; i++)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(Start + (i * 1000L)).UtcDateTime
                .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            yield return string.Join(',',
                "s1", runnerId, Quote(name), (i + 1).ToString(CultureInfo.InvariantCulture), at, "150", "400 401.5",
                cadenceAt(i).ToString(CultureInfo.InvariantCulture), "4", "1.333", (4 * (i + 1)).ToString(CultureInfo.InvariantCulture),
                "", "240", "8.5", "50", "true", "80", "false");
        }
    }

    /// <summary>RFC 4180 quoting, as the hub's export does for names with commas or quotes.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Write(string directory, IEnumerable<string> rows, string? header = null)
    {
        var path = Path.Combine(directory, "session.csv");
        var text = new StringBuilder();
        text.Append(header ?? SessionCsvReader.Header).Append('\n');
        foreach (var row in rows)
        {
            text.Append(row).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
