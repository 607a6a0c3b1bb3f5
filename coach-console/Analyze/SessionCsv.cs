using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Analyze;

/// <summary>
/// Reads the hub's CSV export (docs/protocol.md) record by record, parsing each through core's <see cref="SessionCsv"/>.
/// A bad row is reported with its line number and skipped, never thrown.
/// </summary>
internal sealed class SessionCsvReader(TextReader reader)
{
    /// <summary>The export's header, <see cref="SessionCsv.Header"/>.</summary>
    public const string Header = SessionCsv.Header;

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

        error = SessionCsv.IsHeader(line) ? null : "the first line is not the session export header: " + Header;
        return error is null;
    }

    /// <summary>Reads the next row. Returns false at the end; a bad row comes back with <paramref name="error"/> set.</summary>
    public bool TryReadRow(out SessionCsvRow row, out string? error)
    {
        string? line;
        do
        {
            line = ReadRecord();
            if (line is null)
            {
                row = default;
                error = null;
                return false;
            }
        }
        while (line.Length == 0);

        error = SessionCsv.TryParseRow(line, out row, out string parseError) ? null : parseError;
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
        while (SessionCsv.EndsInsideQuotes(line))
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
}
