using System.Buffers.Text;
using System.Diagnostics;
using System.Text;

namespace MindMuscle.Live.Bench.Load.Measure;

/// <summary>What an export.csv held: rows, and per runner which seqs (exactly once each, we hope).</summary>
internal sealed record CsvScanResult(long Rows, TimeSpan Elapsed, TimeSpan FirstByte, IReadOnlyDictionary<string, SeqSet> SeqsByRunner, string? Problem)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Streams an export.csv body and counts rows while reading the runnerId and seq columns straight from the bytes,
/// so the client keeps up with a fast server (the point is to time the hub's export, not our parsing).
/// </summary>
internal static class CsvRecordingScan
{
    public static async Task<CsvScanResult> ScanAsync(Stream body, long seqCapacity, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var firstByte = TimeSpan.Zero;
        var buffer = new byte[1 << 16];
        var carry = new List<byte>(256);
        var seqs = new Dictionary<string, SeqSet>(StringComparer.Ordinal);
        var runnerColumn = -1;
        var seqColumn = -1;
        long rows = 0;
        string? problem = null;
        var header = true;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (firstByte == TimeSpan.Zero)
            {
                firstByte = Stopwatch.GetElapsedTime(started);
            }

            var span = buffer.AsSpan(0, read);
            while (true)
            {
                var newline = span.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    carry.AddRange(span);
                    break;
                }

                ReadOnlySpan<byte> line;
                byte[]? joined = null;
                if (carry.Count > 0)
                {
                    carry.AddRange(span[..newline]);
                    joined = [.. carry];
                    carry.Clear();
                    line = joined;
                }
                else
                {
                    line = span[..newline];
                }

                span = span[(newline + 1)..];
                if (line.Length > 0 && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                if (line.IsEmpty)
                {
                    continue;
                }

                if (header)
                {
                    header = false;
                    var names = Encoding.UTF8.GetString(line).Split(',');
                    runnerColumn = Array.IndexOf(names, "runnerId");
                    seqColumn = Array.IndexOf(names, "seq");
                    if (runnerColumn < 0 || seqColumn < 0)
                    {
                        problem = "export.csv header lacks runnerId or seq: " + Encoding.UTF8.GetString(line);
                    }

                    continue;
                }

                rows++;
                if (problem is null)
                {
                    problem = Record(line, runnerColumn, seqColumn, seqCapacity, seqs);
                }
            }
        }

        return new CsvScanResult(rows, Stopwatch.GetElapsedTime(started), firstByte, seqs, problem);
    }

    private static string? Record(ReadOnlySpan<byte> line, int runnerColumn, int seqColumn, long capacity, Dictionary<string, SeqSet> seqs)
    {
        var last = Math.Max(runnerColumn, seqColumn);
        ReadOnlySpan<byte> runner = default, seq = default;
        for (var column = 0; column <= last; column++)
        {
            ReadOnlySpan<byte> field;
            if (!line.IsEmpty && line[0] == (byte)'"')
            {
                // A quoted field (a runner name with a comma): up to the closing quote. Doubled quotes are not
                // expected in the columns read here.
                var close = line[1..].IndexOf((byte)'"');
                field = close < 0 ? line[1..] : line.Slice(1, close);
                line = close < 0 ? default : line[(close + 2)..];
                if (!line.IsEmpty && line[0] == (byte)',')
                {
                    line = line[1..];
                }
            }
            else
            {
                var comma = line.IndexOf((byte)',');
                field = comma < 0 ? line : line[..comma];
                line = comma < 0 ? default : line[(comma + 1)..];
            }

            if (column == runnerColumn)
            {
                runner = field;
            }

            if (column == seqColumn)
            {
                seq = field;
            }
        }

        if (!Utf8Parser.TryParse(seq, out long value, out _))
        {
            return "unparsable seq in export.csv: " + Encoding.UTF8.GetString(seq);
        }

        var id = Encoding.UTF8.GetString(runner);
        if (!seqs.TryGetValue(id, out var set))
        {
            set = new SeqSet(capacity);
            seqs[id] = set;
        }

        set.Add(value);
        return null;
    }
}
