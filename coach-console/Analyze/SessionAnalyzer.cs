using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Analyze;

/// <summary>What one analysis saw: counts for the summary line.</summary>
internal sealed record AnalyzeSummary(long Rows, long BadRows, long OutOfOrderRows, int Runners, long RejectedValues, IReadOnlyList<FormAlert> Alerts);

/// <summary>
/// Runs the alert engine over a session export: every row fed in file order to its runner (rows whose seq does not go
/// up for that runner are skipped and counted), then every alert written as one JSON line, ordered by start time.
/// </summary>
internal static class SessionAnalyzer
{
    /// <summary>Bad rows listed on stderr before the rest are only counted.</summary>
    private const int BadRowsShown = 10;

    public static AnalyzeSummary? Run(TextReader csv, AlertSettings settings, TextWriter output, TextWriter error, RepMatrix? reps = null)
    {
        var reader = new SessionCsvReader(csv);
        if (!reader.TryReadHeader(out var headerError))
        {
            error.WriteLine($"analyze: {headerError}");
            return null;
        }

        AlertEngine? engine = null;
        var lastSeq = new Dictionary<string, long>(StringComparer.Ordinal);
        var alerts = new Dictionary<string, FormAlert>(StringComparer.Ordinal);
        var order = new List<string>();
        var events = new List<AlertEvent>();
        var sample = new MetricSample[1];
        long rows = 0, outOfOrder = 0;

        // Parsing and the engine take about as long as each other: parse on a second thread, in batches, so an hour of a
        // group is analysed in the time of the slower half. The bound keeps a fast parser from holding the file in memory.
        using var batches = new BlockingCollection<SessionCsvRow[]>(boundedCapacity: 8);
        var parser = Task.Run(() => Parse(reader, batches, error));
        try
        {
            foreach (var batch in batches.GetConsumingEnumerable())
            {
                foreach (var row in batch)
                {
                    rows++;
                    engine ??= new AlertEngine(row.SessionId, settings);
                    if (lastSeq.TryGetValue(row.RunnerId, out var previous) && row.Sample.Seq <= previous)
                    {
                        outOfOrder++;
                        continue;
                    }

                    lastSeq[row.RunnerId] = row.Sample.Seq;
                    sample[0] = row.Sample;
                    engine.Feed(row.RunnerId, sample, events);
                    reps?.Observe(row.RunnerId, row.Sample, events);
                    foreach (var e in events)
                    {
                        if (!alerts.ContainsKey(e.Alert.AlertId))
                        {
                            order.Add(e.Alert.AlertId);
                        }

                        alerts[e.Alert.AlertId] = e.Alert;
                    }

                    events.Clear();
                }
            }
        }
        finally
        {
            // Unblocks the parser if the engine threw, so the task ends and its own error (if any) is observed.
            batches.CompleteAdding();
            while (batches.TryTake(out _))
            {
            }
        }

        var bad = parser.GetAwaiter().GetResult();

        var sorted = order.Select(id => alerts[id])
            .OrderBy(a => a.StartedAt).ThenBy(a => a.RunnerId, StringComparer.Ordinal).ThenBy(a => a.Kind)
            .ToList();
        foreach (var alert in sorted)
        {
            output.WriteLine(ToJsonLine(alert));
        }

        output.Flush();
        return new AnalyzeSummary(rows, bad, outOfOrder, lastSeq.Count, engine?.RejectedValues ?? 0, sorted);
    }

    /// <summary>Reads and parses every row into batches; returns how many bad rows it skipped (the first few told on stderr).</summary>
    private static long Parse(SessionCsvReader reader, BlockingCollection<SessionCsvRow[]> batches, TextWriter error)
    {
        const int BatchSize = 2048;
        long bad = 0;
        var batch = new List<SessionCsvRow>(BatchSize);
        try
        {
            while (reader.TryReadRow(out var row, out var rowError))
            {
                if (rowError is not null)
                {
                    if (++bad <= BadRowsShown)
                    {
                        error.WriteLine($"analyze: line {reader.LineNumber}: {rowError}; row skipped");
                    }

                    continue;
                }

                batch.Add(row);
                if (batch.Count == BatchSize && !TryAdd(batches, batch, out batch))
                {
                    return bad;
                }
            }

            TryAdd(batches, batch, out _);
            return bad;
        }
        finally
        {
            batches.CompleteAdding();
        }
    }

    private static bool TryAdd(BlockingCollection<SessionCsvRow[]> batches, List<SessionCsvRow> batch, out List<SessionCsvRow> next)
    {
        next = new List<SessionCsvRow>(batch.Capacity);
        if (batch.Count == 0)
        {
            return true;
        }

        try
        {
            batches.Add([.. batch]);
            return true;
        }
        catch (InvalidOperationException)
        {
            // The consumer stopped (it threw): stop reading.
            return false;
        }
    }

    public static string Describe(AnalyzeSummary summary)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"analyze: {summary.Rows} samples of {summary.Runners} runner(s); {summary.Alerts.Count} alert(s)");
        if (summary.Alerts.Count > 0)
        {
            text.Append(": ").AppendJoin(", ", summary.Alerts.GroupBy(a => a.Kind).OrderBy(g => g.Key)
                .Select(g => AlertKindNames.Of(g.Key) + " " + g.Count().ToString(CultureInfo.InvariantCulture)));
        }

        text.Append(CultureInfo.InvariantCulture,
            $"; {summary.BadRows} bad row(s), {summary.OutOfOrderRows} out-of-order row(s) skipped, {summary.RejectedValues} implausible value(s) ignored");
        return text.ToString();
    }

    /// <summary>One alert as a JSON line: kind, runnerId, startedAt, clearedAt, baseline, current, message. Times ISO 8601 UTC like the CSV.</summary>
    internal static string ToJsonLine(FormAlert alert)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", AlertKindNames.Of(alert.Kind));
            json.WriteString("runnerId", alert.RunnerId);
            json.WriteString("startedAt", Iso(alert.StartedAt));
            if (alert.ClearedAt is { } cleared)
            {
                json.WriteString("clearedAt", Iso(cleared));
            }
            else
            {
                json.WriteNull("clearedAt");
            }

            WriteNumber(json, "baseline", alert.Baseline);
            WriteNumber(json, "current", alert.Current);
            json.WriteString("message", alert.Message);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    internal static string Iso(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
