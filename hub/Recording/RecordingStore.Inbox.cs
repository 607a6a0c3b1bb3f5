using System.Data.Common;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>The SQLite inbox seen from the recorder: moved before reads, at shutdown, and checked by a read-only hub.</summary>
internal sealed partial class RecordingStore
{
    /// <summary>
    /// A hub stopped hard leaves acknowledged samples in the inbox; a writing hub folds them in at start, a read-only one
    /// cannot, and its reads would silently miss them.
    /// </summary>
    private void RefuseUnsettledInbox()
    {
        using var connection = Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM samples_inbox";
        var waiting = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (waiting > 0)
        {
            throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{DatabasePath} holds {waiting} acknowledged samples its hub did not settle (it was stopped hard): start the hub once on this folder without --read-only (it settles them at start), stop it, then review it read-only"));
        }
    }

    /// <summary>
    /// Completes once everything committed so far is out of the inbox: queues a move (which commits after every write
    /// queued before it, and moves by itself even if its transaction is retried alone) and asks the writer to end that
    /// transaction with a move too, so the inbox is known empty afterwards.
    /// </summary>
    private Task MoveInboxBeforeReadAsync(CancellationToken cancellationToken)
    {
        if (!InboxPending)
        {
            return Task.CompletedTask;
        }

        Volatile.Write(ref _moveRequested, 1);
        return WriteAsync(1, Database.MoveInbox, cancellationToken);
    }

    /// <summary>True when a transaction committed since the inbox was last moved (conservative: any write sets it).</summary>
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
