using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// Where a read finds the samples: the <c>samples</c> table and, on SQLite, the inbox tables the recorder has not moved
/// yet (<c>samples_inbox_0</c> ...). Every committed state of the file holds each sample in exactly one of them (a move
/// copies and empties its table in one transaction), so one statement over all of them joined with <c>UNION ALL</c>
/// reads each committed sample exactly once, from one snapshot, and nothing has to be moved before a read.
/// </summary>
/// <remarks>
/// A read of rows puts its <c>ORDER BY</c> on the compound select: SQLite then merges the arms, each in its own order
/// (the samples table along its index, each small inbox table through a sort of its matching rows), and still streams.
/// An aggregate (MIN, MAX, COUNT) is taken per arm, where the samples arm keeps its index shortcut, and combined
/// outside. PostgreSQL has no inbox: its reads are the plain statements over <c>samples</c>.
/// </remarks>
internal static class SampleTables
{
    private static readonly string[] SamplesOnly = ["samples"];

    /// <summary>
    /// The only inbox tables a read ever names: the single table of schema versions 2 to 5 and the slices of version 6.
    /// A file's other tables, whatever their names, are never read: the names in a statement are these literals, quoted,
    /// never text from the file (a crafted file served read-only must not put its own SQL into the hub's reads).
    /// </summary>
    private static readonly string[] InboxNames =
        ["samples_inbox", .. Enumerable.Range(0, Sqlite.Schema.InboxTables).Select(t => $"samples_inbox_{t}")];

    private static readonly string[] QuotedNames = [.. InboxNames.Select(n => $"\"{n}\"")];

    // The query names its tables exactly: a prefix match (GLOB) would also find samples_inbox_9 or samples_inbox_0x.
    private static readonly string LayoutQuery =
        $"SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ({string.Join(", ", InboxNames.Select(n => $"'{n}'"))})";

    /// <summary>
    /// The tables a read of samples covers on <paramref name="connection"/>, as quoted SQL names: <c>samples</c> first.
    /// </summary>
    /// <remarks>
    /// Asked of the file at every call, not cached by its path: a file replaced at the same path (a recording swapped in
    /// for review) may have another layout, and the query (a look-up in the small schema table) is cheap beside the read.
    /// </remarks>
    public static IReadOnlyList<string> Of(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is not SqliteConnection sqlite)
        {
            return SamplesOnly;
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        using (var cmd = sqlite.CreateCommand())
        {
            cmd.CommandText = LayoutQuery;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                found.Add(r.GetString(0));
            }
        }

        var tables = new List<string>(InboxNames.Length + 1) { "samples" };
        for (var i = 0; i < InboxNames.Length; i++)
        {
            if (found.Contains(InboxNames[i]))
            {
                tables.Add(QuotedNames[i]);
            }
        }

        return tables;
    }

    /// <summary><paramref name="arm"/> of every table, joined with <c>UNION ALL</c> (the arm itself for one table).</summary>
    public static string UnionAll(IReadOnlyList<string> tables, Func<string, string> arm) =>
        string.Join("\nUNION ALL ", tables.Select(arm));
}
