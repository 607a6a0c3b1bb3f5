using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using System.Data.Common;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Export;

/// <summary>One row per sample, all runners, in time order, streamed row by row from the recording (SQLite or PostgreSQL) to the response.</summary>
/// <remarks>
/// Rows are formatted straight into the response's UTF-8 buffer (no string, no <c>MetricSample</c> per row) and
/// flushed every <see cref="FlushBytes"/>: a 60-runner hour (864,000 rows) streams with constant memory.
/// </remarks>
public static class CsvExport
{
    /// <summary>The export's header, owned by core's <see cref="SessionCsv"/> so its readers agree with it.</summary>
    public const string Header = SessionCsv.Header;

    private const int FlushBytes = 64 * 1024;

    /// <summary>The longest a row can be apart from the free-text and RR cells, which are sized separately.</summary>
    private const int FixedRowBytes = 512;

    public static async Task WriteAsync(RecordingStore store, string sessionId, IReadOnlyDictionary<string, string> runnerNames, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runnerNames);
        var writer = PipeWriter.Create(output, new StreamPipeWriterOptions(minimumBufferSize: FlushBytes, leaveOpen: true));
        WriteAscii(writer, Header);
        WriteAscii(writer, "\r\n");

        await using var connection = await store.OpenReadAsync(ct);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {RecordingSql.SampleColumns} FROM samples WHERE session_id = @s ORDER BY observed_at, runner_id, seq";
        cmd.AddParameter("@s", sessionId);
        using var r = await cmd.ExecuteReaderAsync(ct);

        // The first three cells repeat for every row of a runner: encode them once.
        var prefixes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var sessionCell = Encoding.UTF8.GetBytes(SessionCsv.Quote(sessionId));
        var pending = 0L;
        while (r.Read())
        {
            var runnerId = r.GetString(1);
            if (!prefixes.TryGetValue(runnerId, out var prefix))
            {
                prefix = Encoding.UTF8.GetBytes(
                    $"{Encoding.UTF8.GetString(sessionCell)},{SessionCsv.Quote(runnerId)},{SessionCsv.Quote(runnerNames.GetValueOrDefault(runnerId, ""))},");
                prefixes[runnerId] = prefix;
            }

            var rr = r.IsDBNull(5) ? null : r.GetString(5);
            var span = writer.GetSpan(FixedRowBytes + prefix.Length + (rr is null ? 0 : Encoding.UTF8.GetMaxByteCount(rr.Length)));
            prefix.CopyTo(span);
            var n = prefix.Length;
            n += Int(span[n..], r.GetInt64(2));
            span[n++] = (byte)',';
            n += IsoUtc(span[n..], r.GetInt64(3));
            span[n++] = (byte)',';
            n += OptionalInt(span[n..], r, 4);
            span[n++] = (byte)',';
            if (rr is not null)
            {
                // Stored space-separated in round-trip form, exactly the cell's format.
                n += Encoding.UTF8.GetBytes(rr, span[n..]);
            }

            span[n++] = (byte)',';
            for (var column = 6; column <= 9; column++)
            {
                n += OptionalDouble(span[n..], r, column);
                span[n++] = (byte)',';
            }

            n += OptionalInt(span[n..], r, 10);
            span[n++] = (byte)',';
            for (var column = 11; column <= 13; column++)
            {
                n += OptionalDouble(span[n..], r, column);
                span[n++] = (byte)',';
            }

            n += r.IsDBNull(14) ? 0 : Bool(span[n..], r.GetInt64(14) != 0);
            span[n++] = (byte)',';
            n += OptionalInt(span[n..], r, 15);
            span[n++] = (byte)',';
            n += Bool(span[n..], r.GetInt64(16) != 0);
            span[n++] = (byte)'\r';
            span[n++] = (byte)'\n';
            writer.Advance(n);

            pending += n;
            if (pending >= FlushBytes)
            {
                pending = 0;
                var flush = await writer.FlushAsync(ct);
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return;
                }
            }
        }

        await writer.FlushAsync(ct);
        await writer.CompleteAsync();
    }

    private static void WriteAscii(PipeWriter writer, string text)
    {
        var span = writer.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        writer.Advance(written);
    }

    private static int Int(Span<byte> destination, long value) =>
        Utf8Formatter.TryFormat(value, destination, out var written) ? written : throw new InvalidOperationException("CSV row buffer too small.");

    private static int OptionalInt(Span<byte> destination, DbDataReader r, int column) =>
        r.IsDBNull(column) ? 0 : Int(destination, r.GetInt64(column));

    private static int OptionalDouble(Span<byte> destination, DbDataReader r, int column)
    {
        if (r.IsDBNull(column))
        {
            return 0;
        }

        // Default format of double is the shortest round-trippable form ("R"), invariant under InvariantGlobalization.
        return r.GetDouble(column).TryFormat(destination, out var written, default, System.Globalization.CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException("CSV row buffer too small.");
    }

    private static int Bool(Span<byte> destination, bool value)
    {
        var text = value ? "true"u8 : "false"u8;
        text.CopyTo(destination);
        return text.Length;
    }

    /// <summary>yyyy-MM-ddTHH:mm:ss.fffZ, UTC.</summary>
    private static int IsoUtc(Span<byte> d, long unixMs)
    {
        var t = DateTime.UnixEpoch.AddMilliseconds(unixMs);
        Digits(d, t.Year, 4);
        d[4] = (byte)'-';
        Digits(d[5..], t.Month, 2);
        d[7] = (byte)'-';
        Digits(d[8..], t.Day, 2);
        d[10] = (byte)'T';
        Digits(d[11..], t.Hour, 2);
        d[13] = (byte)':';
        Digits(d[14..], t.Minute, 2);
        d[16] = (byte)':';
        Digits(d[17..], t.Second, 2);
        d[19] = (byte)'.';
        Digits(d[20..], t.Millisecond, 3);
        d[23] = (byte)'Z';
        return 24;
    }

    private static void Digits(Span<byte> destination, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
