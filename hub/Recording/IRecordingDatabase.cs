using System.Data.Common;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The database under <see cref="RecordingStore"/>: SQLite in the data folder (one node) or PostgreSQL shared by every
/// node. Everything else (the SQL of reads, upserts of alerts and cues, the writer loop) is the same for both.
/// </summary>
internal interface IRecordingDatabase : IAsyncDisposable
{
    /// <summary>Shown in logs: the file or the server, never a password.</summary>
    string Description { get; }

    /// <summary>True when other hub nodes write to the same database (sessions and runners may appear from elsewhere).</summary>
    bool IsShared { get; }

    /// <summary>Creates or migrates the schema (safe when several nodes start at once).</summary>
    void ApplySchema();

    DbConnection Open();

    /// <summary>Opens the recorder's one writer connection (tuned for writing where the database allows it).</summary>
    DbConnection OpenWriter() => Open();

    ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when <see cref="InsertSamples"/> commits to a staging inbox that <see cref="MoveInbox"/> folds into the samples
    /// table (SQLite); every read of samples reads the inbox too, in the same statement (<see cref="SampleTables"/>).
    /// </summary>
    bool HasInbox => false;

    /// <summary>Moves the inbox into the samples table inside the writer's transaction (a no-op without an inbox).</summary>
    void MoveInbox(DbConnection connection, DbTransaction transaction)
    {
    }

    /// <summary>Slices of runners the inbox is moved in, one per transaction (1: it moves whole).</summary>
    int InboxSlices => 1;

    /// <summary>
    /// Moves the next slice of the inbox inside the writer's transaction, deleting from the inbox exactly the rows it
    /// copied (every committed state holds each sample once); true when the inbox is empty afterwards.
    /// </summary>
    bool MoveInboxSlice(DbConnection connection, DbTransaction transaction)
    {
        MoveInbox(connection, transaction);
        return true;
    }

    /// <summary>A writer's transaction failed (it may have carried inserts or a move): forget what is known of the inbox.</summary>
    void ResetInboxBookkeeping()
    {
    }

    /// <summary>Inserts samples; a (session, runner, seq) already recorded is skipped, never recorded twice.</summary>
    void InsertSamples(
        DbConnection connection, DbTransaction transaction, string sessionId, string runnerId,
        IReadOnlyList<MetricSample> samples, long receivedAt);
}
