using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Export;

/// <summary>One row per sample, all runners, in time order, streamed row by row from the recording (SQLite or PostgreSQL) to the response.</summary>
/// <remarks>
/// Rows are formatted straight into the response's UTF-8 buffer (no string, no <c>MetricSample</c> per row) and
/// flushed every <see cref="FlushBytes"/>: a long session streams with constant memory. The order is
/// <c>observed_at, runner_id, seq</c> on both databases; on SQLite it is produced without a table lookup per row
/// (<see cref="SqliteCsvRows"/>).
/// </remarks>
internal static class CsvExport
{
    /// <summary>The export's header, owned by core's <see cref="SessionCsv"/> so its readers agree with it.</summary>
    public const string Header = SessionCsv.Header;

    // Each flush wakes Kestrel's socket sender and idle thread-pool workers: large flushes keep that cost at noise
    // and still stream with constant memory (docs/benchmarks.md).
    private const int FlushBytes = 1024 * 1024;

    /// <summary>The longest a row can be apart from the free-text and RR cells, which are sized separately.</summary>
    private const int FixedRowBytes = 512;

    public static Task WriteAsync(RecordingStore store, string sessionId, IReadOnlyDictionary<string, string> runnerNames, Stream output, CancellationToken ct) =>
        WriteAsync(store, sessionId, runnerNames, onlyRunner: null, output, ct);

    /// <summary>As above; with <paramref name="onlyRunner"/>, that runner's rows alone (a share link scoped to one runner).</summary>
    public static async Task WriteAsync(
        RecordingStore store, string sessionId, IReadOnlyDictionary<string, string> runnerNames, string? onlyRunner, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var reader = await store.OpenReaderAsync(ct);
        using var rows = await reader.OpenCsvRowsAsync(sessionId, ct);
        await WriteAsync(rows, sessionId, runnerNames, onlyRunner, output, ct);
    }

    internal static Task WriteAsync(ICsvRows rows, string sessionId, IReadOnlyDictionary<string, string> runnerNames, Stream output, CancellationToken ct) =>
        WriteAsync(rows, sessionId, runnerNames, onlyRunner: null, output, ct);

    internal static async Task WriteAsync(
        ICsvRows rows, string sessionId, IReadOnlyDictionary<string, string> runnerNames, string? onlyRunner, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(runnerNames);
        var writer = PipeWriter.Create(output, new StreamPipeWriterOptions(minimumBufferSize: FlushBytes, leaveOpen: true));
        WriteAscii(writer, Header);
        WriteAscii(writer, "\r\n");

        var batch = new Batch(sessionId, runnerNames, onlyRunner);
        while (batch.Write(rows, writer))
        {
            var flush = await writer.FlushAsync(ct);
            if (flush.IsCanceled || flush.IsCompleted)
            {
                return;
            }
        }

        await writer.FlushAsync(ct);
        await writer.CompleteAsync();
    }

    /// <summary>The cells after the runner's prefix and the line end.</summary>
    private static int Format(Span<byte> span, in CsvSample s, UtcTimestamps timestamps)
    {
        var n = Int(span, s.Seq);
        span[n++] = (byte)',';
        n += timestamps.Write(span[n..], s.ObservedAt);
        span[n++] = (byte)',';
        if (s.Has(CsvSample.HeartRateNull))
        {
            n += Int(span[n..], s.HeartRate);
        }

        span[n++] = (byte)',';
        // Stored space-separated in round-trip form, exactly the cell's format (empty when null).
        s.Rr.CopyTo(span[n..]);
        n += s.Rr.Length;

        span[n++] = (byte)',';
        n += OptionalDouble(span[n..], s, CsvSample.CadenceNull, s.Cadence);
        span[n++] = (byte)',';
        n += OptionalDouble(span[n..], s, CsvSample.SpeedNull, s.Speed);
        span[n++] = (byte)',';
        n += OptionalDouble(span[n..], s, CsvSample.StrideNull, s.Stride);
        span[n++] = (byte)',';
        n += OptionalDouble(span[n..], s, CsvSample.DistanceNull, s.Distance);
        span[n++] = (byte)',';
        if (s.Has(CsvSample.PowerNull))
        {
            n += Int(span[n..], s.Power);
        }

        span[n++] = (byte)',';
        n += OptionalDouble(span[n..], s, CsvSample.GctNull, s.Gct);
        span[n++] = (byte)',';
        n += OptionalDouble(span[n..], s, CsvSample.VoNull, s.Vo);
        span[n++] = (byte)',';
        n += OptionalDouble(span[n..], s, CsvSample.BalanceNull, s.Balance);
        span[n++] = (byte)',';
        if (s.Has(CsvSample.ContactNull))
        {
            n += Bool(span[n..], s.Contact);
        }

        span[n++] = (byte)',';
        if (s.Has(CsvSample.BatteryNull))
        {
            n += Int(span[n..], s.Battery);
        }

        span[n++] = (byte)',';
        n += Bool(span[n..], s.Backfilled);
        span[n++] = (byte)'\r';
        span[n++] = (byte)'\n';
        return n;
    }

    private static void WriteAscii(PipeWriter writer, string text)
    {
        var span = writer.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        writer.Advance(written);
    }

    private static int Int(Span<byte> destination, long value) =>
        Utf8Formatter.TryFormat(value, destination, out var written) ? written : throw new InvalidOperationException("CSV row buffer too small.");

    private static int OptionalDouble(Span<byte> destination, in CsvSample s, int nullBit, double value)
    {
        if (!s.Has(nullBit))
        {
            return 0;
        }

        // A whole number below 10^15 (cadence 178, ground contact 235 ...) prints as that integer, and the integer
        // formatter is several times cheaper; -0 keeps its sign ("-0") through the double path.
        if (value is > -1e15 and < 1e15 && (long)value == value && (value != 0 || !double.IsNegative(value)))
        {
            return Int(destination, (long)value);
        }

        // Default format of double is the shortest round-trippable form ("R"), invariant under InvariantGlobalization.
        return value.TryFormat(destination, out var written, default, System.Globalization.CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException("CSV row buffer too small.");
    }

    private static int Bool(Span<byte> destination, bool value)
    {
        var text = value ? "true"u8 : "false"u8;
        text.CopyTo(destination);
        return text.Length;
    }

    private static void Digits(Span<byte> destination, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Formats rows synchronously (a row's values may point into the database's memory) until a flush is due.</summary>
    private sealed class Batch(string sessionId, IReadOnlyDictionary<string, string> runnerNames, string? onlyRunner)
    {
        // The first three cells repeat for every row of a runner: encode them once.
        private readonly Dictionary<string, byte[]> _prefixes = new(StringComparer.Ordinal);
        private readonly string _sessionCell = SessionCsv.Quote(sessionId);
        private readonly UtcTimestamps _timestamps = new();
        private string? _lastRunner;
        private byte[] _prefix = [];

        /// <summary>Writes rows until <see cref="FlushBytes"/> are pending; false when the rows ran out.</summary>
        public bool Write(ICsvRows rows, PipeWriter writer)
        {
            var sample = default(CsvSample);
            var pending = 0;
            while (rows.Read(ref sample))
            {
                var runnerId = rows.RunnerId;
                if (onlyRunner is not null && !string.Equals(runnerId, onlyRunner, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!ReferenceEquals(runnerId, _lastRunner))
                {
                    if (!_prefixes.TryGetValue(runnerId, out var prefix))
                    {
                        prefix = Encoding.UTF8.GetBytes(
                            $"{_sessionCell},{SessionCsv.Quote(runnerId)},{SessionCsv.Quote(runnerNames.GetValueOrDefault(runnerId, ""))},");
                        _prefixes[runnerId] = prefix;
                    }

                    _prefix = prefix;
                    _lastRunner = runnerId;
                }

                var span = writer.GetSpan(FixedRowBytes + _prefix.Length + sample.Rr.Length);
                _prefix.CopyTo(span);
                var n = _prefix.Length;
                n += Format(span[n..], in sample, _timestamps);
                writer.Advance(n);
                pending += n;
                if (pending >= FlushBytes)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// yyyy-MM-ddTHH:mm:ss.fffZ (UTC) of unix milliseconds. Rows come in time order, so the date part is encoded once
    /// per day and the time of day with integer arithmetic.
    /// </summary>
    private sealed class UtcTimestamps
    {
        private const long DayMs = 86_400_000;
        private readonly byte[] _date = new byte[11];
        private long _dayStart = 1;
        private long _dayEnd;

        public int Write(Span<byte> d, long unixMs)
        {
            if (unixMs < _dayStart || unixMs >= _dayEnd)
            {
                var t = DateTime.UnixEpoch.AddMilliseconds(unixMs);
                Digits(_date, t.Year, 4);
                _date[4] = (byte)'-';
                Digits(_date.AsSpan(5), t.Month, 2);
                _date[7] = (byte)'-';
                Digits(_date.AsSpan(8), t.Day, 2);
                _date[10] = (byte)'T';
                _dayStart = unixMs - (t.TimeOfDay.Ticks / TimeSpan.TicksPerMillisecond);
                _dayEnd = _dayStart + DayMs;
            }

            _date.CopyTo(d);
            var ms = (int)(unixMs - _dayStart);
            Digits(d[11..], ms / 3_600_000, 2);
            d[13] = (byte)':';
            Digits(d[14..], ms / 60_000 % 60, 2);
            d[16] = (byte)':';
            Digits(d[17..], ms / 1000 % 60, 2);
            d[19] = (byte)'.';
            Digits(d[20..], ms % 1000, 3);
            d[23] = (byte)'Z';
            return 24;
        }
    }
}
