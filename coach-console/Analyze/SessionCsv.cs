using System.Globalization;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Analyze;

/// <summary>One data row of the hub's CSV export: the runner it belongs to and the sample.</summary>
internal readonly record struct SessionCsvRow(string SessionId, string RunnerId, string RunnerName, MetricSample Sample);

/// <summary>
/// Reads the hub's CSV export (docs/protocol.md): a fixed header, one sample per row, observedAt as ISO 8601 UTC, RR
/// intervals space-separated, an empty field = null. A bad row is reported with its line number and skipped, never thrown.
/// </summary>
internal sealed class SessionCsvReader(TextReader reader)
{
    public const string Header =
        "sessionId,runnerId,runnerName,seq,observedAt,heartRateBpm,rrIntervalsMs,cadenceSpm,speedMps,strideLengthM," +
        "distanceM,powerW,groundContactMs,verticalOscillationCm,gctBalanceLeftPct,sensorContact,batteryPct,backfilled";

    private const int ColumnCount = 18;

    private readonly List<string> _fields = new(ColumnCount);

    public long LineNumber { get; private set; }

    /// <summary>Checks the header line; false (with the reason) when it is missing or not the export's header.</summary>
    public bool TryReadHeader(out string? error)
    {
        var line = reader.ReadLine();
        LineNumber++;
        if (line is null)
        {
            error = "the file is empty";
            return false;
        }

        line = line.TrimStart('\uFEFF').TrimEnd('\r');
        error = string.Equals(line, Header, StringComparison.Ordinal)
            ? null
            : "the first line is not the session export header: " + Header;
        return error is null;
    }

    /// <summary>Reads the next row. Returns false at the end; a bad row comes back with <paramref name="error"/> set.</summary>
    public bool TryReadRow(out SessionCsvRow row, out string? error)
    {
        row = default;
        error = null;
        string? line;
        do
        {
            line = ReadRecord();
            if (line is null)
            {
                return false;
            }
        }
        while (line.Length == 0);

        if (!Split(line, out error))
        {
            return true;
        }

        if (_fields.Count != ColumnCount)
        {
            error = $"{_fields.Count} fields, expected {ColumnCount}";
            return true;
        }

        if (string.IsNullOrEmpty(_fields[1]))
        {
            error = "runnerId is empty";
            return true;
        }

        if (!long.TryParse(_fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq < 1)
        {
            error = $"seq '{_fields[3]}' is not a positive integer";
            return true;
        }

        if (!DateTimeOffset.TryParse(_fields[4], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var observedAt))
        {
            error = $"observedAt '{_fields[4]}' is not an ISO 8601 time";
            return true;
        }

        try
        {
            var sample = new MetricSample
            {
                Seq = seq,
                ObservedAt = observedAt.ToUnixTimeMilliseconds(),
                HeartRateBpm = Int(5, "heartRateBpm"),
                RrIntervalsMs = Rr(6),
                CadenceSpm = Double(7, "cadenceSpm"),
                SpeedMps = Double(8, "speedMps"),
                StrideLengthM = Double(9, "strideLengthM"),
                DistanceM = Double(10, "distanceM"),
                PowerW = Int(11, "powerW"),
                GroundContactMs = Double(12, "groundContactMs"),
                VerticalOscillationCm = Double(13, "verticalOscillationCm"),
                GctBalanceLeftPct = Double(14, "gctBalanceLeftPct"),
                SensorContact = Bool(15, "sensorContact"),
                BatteryPct = Int(16, "batteryPct"),
                Backfilled = Bool(17, "backfilled") ?? false,
            };
            row = new SessionCsvRow(_fields[0], _fields[1], _fields[2], sample);
        }
        catch (FormatException e)
        {
            error = e.Message;
        }

        return true;
    }

    private string? ReadRecord()
    {
        var line = reader.ReadLine();
        if (line is null)
        {
            return null;
        }

        LineNumber++;

        // A quoted field may hold a line break (a runner name, in theory): keep reading until the quotes balance.
        while (line.Count(c => c == '"') % 2 == 1)
        {
            var more = reader.ReadLine();
            if (more is null)
            {
                break;
            }

            LineNumber++;
            line += "\n" + more;
        }

        return line.TrimEnd('\r');
    }

    /// <summary>RFC 4180 split: fields may be quoted, with "" for a quote inside.</summary>
    private bool Split(string line, out string? error)
    {
        _fields.Clear();
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var value = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        error = "unterminated quoted field";
                        return false;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(line[i++]);
                }

                _fields.Add(value.ToString());
                if (i < line.Length && line[i] != ',')
                {
                    error = "text after a closing quote";
                    return false;
                }
            }
            else
            {
                var comma = line.IndexOf(',', i);
                var end = comma < 0 ? line.Length : comma;
                _fields.Add(line[i..end]);
                i = end;
            }

            if (i >= line.Length)
            {
                error = null;
                return true;
            }

            i++; // the comma
        }
    }

    private double? Double(int column, string name)
    {
        var text = _fields[column];
        if (text.Length == 0)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"{name} '{text}' is not a finite number");
    }

    private int? Int(int column, string name)
    {
        var text = _fields[column];
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{name} '{text}' is not an integer");
    }

    private bool? Bool(int column, string name) => _fields[column] switch
    {
        "" => null,
        "true" or "True" or "1" => true,
        "false" or "False" or "0" => false,
        var text => throw new FormatException($"{name} '{text}' is not true or false"),
    };

    private double[]? Rr(int column)
    {
        var text = _fields[column];
        if (text.Length == 0)
        {
            return null;
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new FormatException($"rrIntervalsMs '{text}' is not space-separated numbers");
            }
        }

        return values;
    }
}
