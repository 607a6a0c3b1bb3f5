using System.Data.Common;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>The real database, counting the read connections opened through it (an endpoint's cost per call).</summary>
internal sealed class CountingDatabase(IRecordingDatabase inner) : IRecordingDatabase
{
    private int _readsOpened;

    public int ReadsOpened => Volatile.Read(ref _readsOpened);

    public string Description => inner.Description;

    public bool IsShared => inner.IsShared;

    public bool HasInbox => inner.HasInbox;

    public void ApplySchema() => inner.ApplySchema();

    public DbConnection Open() => inner.Open();

    public DbConnection OpenWriter() => inner.OpenWriter();

    public ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _readsOpened);
        return inner.OpenAsync(cancellationToken);
    }

    public void MoveInbox(DbConnection connection, DbTransaction transaction) => inner.MoveInbox(connection, transaction);

    public void InsertSamples(
        DbConnection connection, DbTransaction transaction, string sessionId, string runnerId, IReadOnlyList<MetricSample> samples, long receivedAt) =>
        inner.InsertSamples(connection, transaction, sessionId, runnerId, samples, receivedAt);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
