using System.Data.Common;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The SQLite inbox seen from the recorder: moved a slice at a time under load, and all of it at shutdown (and at start-up,
/// <see cref="IRecordingDatabase.ApplySchema"/>). Reads never move it: they read it with the samples table
/// (<see cref="SampleTables"/>), so a read-only hub serves a file left unsettled by a hub stopped hard as it is.
/// </summary>
internal sealed partial class RecordingStore
{
    /// <summary>True when a transaction committed since the inbox was last emptied (conservative: any write sets it).</summary>
    private bool InboxPending => Database.HasInbox && Volatile.Read(ref _inboxPending) != 0;

    /// <summary>Leaves the file with every sample in the samples table (the next start would move them anyway).</summary>
    private void MoveInboxAtShutdown(DbConnection? connection)
    {
        if (!InboxPending || connection is not { State: System.Data.ConnectionState.Open })
        {
            return;
        }

        try
        {
            using var tx = connection.BeginTransaction();
            Database.MoveInbox(connection, tx);
            tx.Commit();
            Volatile.Write(ref _inboxPending, 0);
        }
#pragma warning disable CA1031 // Shutdown goes on: the inbox is durable and moved at the next start.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogShutdownMoveFailed(_logger, ex);
        }
    }
}
