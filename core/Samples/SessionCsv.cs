using System.Globalization;

namespace MindMuscle.Live.Core.Samples;

/// <summary>
/// The hub's session CSV export (docs/protocol.md): the fixed <see cref="Header"/>, one sample per row, observedAt
/// ISO 8601 UTC with milliseconds, RR intervals space-separated, an empty field = null, RFC 4180 quoting.
/// Written by the hub's export; read by the relay's file source and the coach console's analyze.
/// </summary>
public static class SessionCsv
{
    public const string Header =
        "sessionId,runnerId,runnerName,seq,observedAt,heartRateBpm,rrIntervalsMs,cadenceSpm,speedMps,strideLengthM," +
        "distanceM,powerW,groundContactMs,verticalOscillationCm,gctBalanceLeftPct,sensorContact,batteryPct,backfilled";

    public const int ColumnCount = 18;

    public const int SessionIdColumn = 0;
    public const int RunnerIdColumn = 1;
    public const int RunnerNameColumn = 2;

    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = Header.Split(',');

    /// <summary>True when <paramref name="line"/> is the export's header (a byte order mark and surrounding whitespace aside).</summary>
    public static bool IsHeader(ReadOnlySpan<char> line) =>
        line.TrimStart('\uFEFF').Trim().SequenceEqual(Header);

    /// <summary>RFC 4180: quotes a field holding a comma, quote or line break (runner names are free text).</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    /// <summary>True when <paramref name="text"/> ends inside a quoted field, i.e. the record goes on on the next line.</summary>
    public static bool EndsInsideQuotes(ReadOnlySpan<char> text) => text.Count('"') % 2 == 1;

    /// <summary>
    /// Splits one record into fields (RFC 4180: a field may be quoted, <c>""</c> inside it is a quote) without copying:
    /// the first <paramref name="fields"/>.Length fields are stored, <paramref name="count"/> counts them all.
    /// A quote inside an unquoted field is taken literally.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<char> line, Span<CsvField> fields, out int count, out SessionCsvError error)
    {
        count = 0;
        var i = 0;
        while (true)
        {
            CsvField field;
            if (i < line.Length && line[i] == '"')
            {
                var start = ++i;
                var doubled = false;
                while (true)
                {
                    var quote = line[i..].IndexOf('"');
                    if (quote < 0)
                    {
                        error = new(SessionCsvErrorKind.UnterminatedQuote, null, $"field {count + 1}: unterminated quoted field");
                        return false;
                    }

                    i += quote;
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        doubled = true;
                        i += 2;
                        continue;
                    }

                    break;
                }

                field = new CsvField(start..i, doubled);
                i++; // the closing quote
                if (i < line.Length && line[i] != ',')
                {
                    error = new(SessionCsvErrorKind.TextAfterClosingQuote, null, $"field {count + 1}: text after a closing quote");
                    return false;
                }
            }
            else
            {
                var comma = line[i..].IndexOf(',');
                var end = comma < 0 ? line.Length : i + comma;
                field = new CsvField(i..end, false);
                i = end;
            }

            if (count < fields.Length)
            {
                fields[count] = field;
            }

            count++;
            if (i >= line.Length)
            {
                error = default;
                return true;
            }

            i++; // the comma
        }
    }

    /// <summary>The text of a field split by <see cref="TrySplit"/>, doubled quotes read as one.</summary>
    public static string GetString(ReadOnlySpan<char> line, CsvField field)
    {
        var text = line[field.Range];
        return field.HasDoubledQuotes ? text.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : text.ToString();
    }

    /// <summary>Parses one data row; false with a message naming the column (and the bad value) when it is malformed.</summary>
    public static bool TryParseRow(ReadOnlySpan<char> line, out SessionCsvRow row, out string error)
    {
        var ok = TryParseRow(line, out row, out SessionCsvError typed);
        error = typed.Message ?? "";
        return ok;
    }

    /// <summary>Parses one data row; false with a typed <see cref="SessionCsvError"/> when it is malformed.</summary>
    public static bool TryParseRow(ReadOnlySpan<char> line, out SessionCsvRow row, out SessionCsvError error)
    {
        row = default;
        if (line.EndsWith('\r'))
        {
            line = line[..^1];
        }

        Span<CsvField> f = stackalloc CsvField[ColumnCount];
        if (!TrySplit(line, f, out var count, out error))
        {
            return false;
        }

        if (count != ColumnCount)
        {
            error = new(SessionCsvErrorKind.FieldCount, null, $"{count} fields, expected {ColumnCount}");
            return false;
        }

        var p = new RowParser(line, f);
        if (line[f[RunnerIdColumn].Range].IsEmpty)
        {
            error = new(SessionCsvErrorKind.EmptyValue, Columns[RunnerIdColumn], "runnerId is empty");
            return false;
        }

        var seqText = line[f[3].Range];
        if (!long.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq < 1)
        {
            error = new(SessionCsvErrorKind.BadValue, Columns[3], $"seq '{seqText}' is not a positive integer");
            return false;
        }

        var atText = line[f[4].Range];
        if (!TryParseTime(atText, out var observedAt))
        {
            error = new(SessionCsvErrorKind.BadValue, Columns[4], $"observedAt '{atText}' is neither ISO 8601 nor unix milliseconds");
            return false;
        }

        if (!(p.Int(5, out var heartRate) && p.Rr(6, out var rr) && p.Double(7, out var cadence) && p.Double(8, out var speed)
              && p.Double(9, out var stride) && p.Double(10, out var distance) && p.Int(11, out var power)
              && p.Double(12, out var gct) && p.Double(13, out var vo) && p.Double(14, out var balance)
              && p.Bool(15, out var contact) && p.Int(16, out var battery) && p.Bool(17, out var backfilled)))
        {
            error = p.Error;
            return false;
        }

        var sample = new MetricSample
        {
            Seq = seq,
            ObservedAt = observedAt,
            HeartRateBpm = heartRate,
            RrIntervalsMs = rr,
            CadenceSpm = cadence,
            SpeedMps = speed,
            StrideLengthM = stride,
            DistanceM = distance,
            PowerW = power,
            GroundContactMs = gct,
            VerticalOscillationCm = vo,
            GctBalanceLeftPct = balance,
            SensorContact = contact,
            BatteryPct = battery,
            Backfilled = backfilled ?? false,
        };
        row = new SessionCsvRow(
            GetString(line, f[SessionIdColumn]), GetString(line, f[RunnerIdColumn]), GetString(line, f[RunnerNameColumn]), sample);
        error = default;
        return true;
    }

    /// <summary>ISO 8601 (what the export writes) or, tolerated for hand-made files, unix milliseconds.</summary>
    private static bool TryParseTime(ReadOnlySpan<char> text, out long unixMs)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out unixMs))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            unixMs = at.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }

    /// <summary>Typed cell readers over one split line; the first failure is kept in <see cref="Error"/>.</summary>
    private ref struct RowParser(ReadOnlySpan<char> line, ReadOnlySpan<CsvField> fields)
    {
        private readonly ReadOnlySpan<char> _line = line;
        private readonly ReadOnlySpan<CsvField> _fields = fields;

        public SessionCsvError Error { get; private set; }

        public bool Double(int column, out double? value)
        {
            value = null;
            var text = _line[_fields[column].Range];
            if (text.IsEmpty)
            {
                return true;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
            {
                value = v;
                return true;
            }

            return Fail(column, text, "is not a finite number");
        }

        public bool Int(int column, out int? value)
        {
            value = null;
            var text = _line[_fields[column].Range];
            if (text.IsEmpty)
            {
                return true;
            }

            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            {
                value = v;
                return true;
            }

            return Fail(column, text, "is not an integer");
        }

        public bool Bool(int column, out bool? value)
        {
            var text = _line[_fields[column].Range];
            value = text switch
            {
                "" => null,
                "1" => true,
                "0" => false,
                _ when text.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
                _ when text.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
                _ => null,
            };
            return value is not null || text.IsEmpty || Fail(column, text, "is not true or false");
        }

        public bool Rr(int column, out double[]? value)
        {
            value = null;
            var text = _line[_fields[column].Range];
            var count = 0;
            foreach (var part in text.Split(' '))
            {
                count += part.Start.Equals(part.End) ? 0 : 1;
            }

            if (count == 0)
            {
                return text.IsWhiteSpace() || Fail(column, text, "is not space-separated numbers");
            }

            var values = new double[count];
            var i = 0;
            foreach (var part in text.Split(' '))
            {
                var number = text[part];
                if (number.IsEmpty)
                {
                    continue;
                }

                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                {
                    return Fail(column, text, "is not space-separated numbers");
                }

                i++;
            }

            value = values;
            return true;
        }

        private bool Fail(int column, ReadOnlySpan<char> text, string problem)
        {
            Error = new(SessionCsvErrorKind.BadValue, Columns[column], $"{Columns[column]} '{text}' {problem}");
            return false;
        }
    }
}
