using System.Collections.Concurrent;
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

    // The tables of a file at the current schema (the samples table and the eight inbox tables) never change again:
    // kept per file. A file of an older schema (served read-only) or in memory is asked again at every read.
    private static readonly string[] CurrentLayout =
        ["samples", .. Enumerable.Range(0, Sqlite.Schema.InboxTables).Select(t => $"samples_inbox_{t}")];

    private static readonly ConcurrentDictionary<string, bool> CurrentFiles = new(StringComparer.Ordinal);

    /// <summary>The tables a read of samples covers on <paramref name="connection"/>: <c>samples</c> first.</summary>
    public static IReadOnlyList<string> Of(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is not SqliteConnection sqlite)
        {
            return SamplesOnly;
        }

        if (CurrentFiles.ContainsKey(sqlite.DataSource))
        {
            return CurrentLayout;
        }

        using var cmd = sqlite.CreateCommand();
        // The single inbox table of schema versions 2 to 5, or the slices of version 6.
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND (name = 'samples_inbox' OR name GLOB 'samples_inbox_[0-9]*') ORDER BY name";
        var tables = new List<string> { "samples" };
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                tables.Add(r.GetString(0));
            }
        }

        // Only a file is kept by its name: every in-memory database is called ":memory:".
        if (tables.SequenceEqual(CurrentLayout, StringComparer.Ordinal) && Path.IsPathFullyQualified(sqlite.DataSource))
        {
            CurrentFiles.TryAdd(sqlite.DataSource, true);
            return CurrentLayout;
        }

        return tables;
    }

    /// <summary><paramref name="arm"/> of every table, joined with <c>UNION ALL</c> (the arm itself for one table).</summary>
    public static string UnionAll(IReadOnlyList<string> tables, Func<string, string> arm) =>
        string.Join("\nUNION ALL ", tables.Select(arm));
}
