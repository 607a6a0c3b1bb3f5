using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The numeric sample fields a series can reduce, by their JSON name, with their column. Derived from core's
/// <see cref="MetricSample"/> (its numeric scalar fields) and <see cref="SessionCsv.Columns"/>, which lists the fields in
/// the order of <see cref="RecordingSql.SampleColumns"/>: a field added there is a metric here, with no list to keep.
/// </summary>
internal static class SampleMetrics
{
    /// <summary>Keys of a sample, not measurements.</summary>
    private static readonly string[] NotMetrics = ["seq", "observedAt"];

    /// <summary>JSON name to SQL column.</summary>
    public static FrozenDictionary<string, string> Columns { get; } = Build();

    /// <summary>The names in <see cref="MetricSample"/>'s declaration order (for error messages and the docs).</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. NumericFields().Where(Columns.ContainsKey)];

    private static IEnumerable<string> NumericFields() =>
        typeof(MetricSample).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => Nullable.GetUnderlyingType(p.PropertyType) is { } t && (t == typeof(int) || t == typeof(long) || t == typeof(double)))
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
            .OfType<string>()
            .Where(n => !NotMetrics.Contains(n, StringComparer.Ordinal));

    private static FrozenDictionary<string, string> Build()
    {
        // The CSV has runnerName where the table has none: drop it, and the two lists line up column for column.
        var fields = SessionCsv.Columns.Where((_, i) => i != SessionCsv.RunnerNameColumn).ToArray();
        var columns = RecordingSql.SampleColumns.Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length != columns.Length)
        {
            throw new InvalidOperationException($"SessionCsv has {fields.Length} sample fields and the samples table {columns.Length}: keep them in step");
        }

        return NumericFields().ToFrozenDictionary(name => name, name => columns[Array.IndexOf(fields, name)], StringComparer.Ordinal);
    }
}
