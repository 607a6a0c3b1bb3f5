using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The recording: one writer task commits queued writes in batched transactions; readers open their own
/// connections. The database is SQLite in the data folder (default) or PostgreSQL shared by every node
/// (<see cref="IRecordingDatabase"/>, chosen by <c>Hub:Store</c>). A write's task completes only after its transaction committed, which is what acks wait for.
/// </summary>
internal sealed partial class RecordingStore : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _queue;
    private readonly HubOptions _options;
    private readonly HubMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<RecordingStore> _logger;
    private readonly Task _writer;
    private readonly SqliteRecordingDatabase? _sqlite;

    // Set once the queue is completed: the writer drains at once instead of pacing its last commits.
    private readonly ManualResetEventSlim _stopping = new(initialState: false, spinCount: 0);

    // Set when a write is queued while the writer waits for one (see WaitToRead).
    private readonly ManualResetEventSlim _readable = new(initialState: false, spinCount: 0);
    private readonly Action _setReadable;
    private int _inboxPending;

    public RecordingStore(
        IRecordingDatabase database, IOptions<HubOptions> options, HubMetrics metrics, TimeProvider time, ILogger<RecordingStore> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        Database = database;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _setReadable = _readable.Set;
        _sqlite = database as SqliteRecordingDatabase;
        DatabasePath = _sqlite?.DatabasePath ?? database.Description;
        IsReadOnly = _options.ReadOnly;
        if (!IsReadOnly)
        {
            Database.ApplySchema();
        }

        LogOpened(_logger, database.Description);

        // Wait when full: publishers are waiting for their ack anyway, so back-pressure goes to the relays (which keep
        // the samples in their outbox) instead of growing memory without bound.
        _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(_options.RecorderQueue)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        // Its own thread: the loop blocks in SQLite and fsync for every commit, which on the thread pool would look
        // like a stuck worker and make the pool inject threads (and context switches) on a 2-core box.
        // Read-only (review of a recording): no writer at all; a write that still arrives fails with ReadOnlyRecordingException.
        _writer = IsReadOnly
            ? Task.CompletedTask
            : Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (IsReadOnly)
        {
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>True when the hub serves the recording read-only (<see cref="HubOptions.ReadOnly"/>): nothing is ever written.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The SQLite file, or the PostgreSQL server's description.</summary>
    public string DatabasePath { get; }

    public IRecordingDatabase Database { get; }

    /// <summary>True when other hub nodes share this recording (PostgreSQL): sessions and runners may appear from elsewhere.</summary>
    public bool IsShared => Database.IsShared;

    /// <summary>
    /// Opens a read connection (the caller disposes it). Everything committed before a statement begins is visible to it:
    /// the reads of samples cover the inbox (<see cref="IRecordingDatabase.HasInbox"/>) in the same statement
    /// (<see cref="SampleTables"/>), so a read never waits for the recorder.
    /// </summary>
    public async Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken) =>
        await Database.OpenAsync(cancellationToken);

    /// <summary>Opens a <see cref="RecordingReader"/> (the caller disposes it); as <see cref="OpenReadAsync"/>.</summary>
    internal async Task<RecordingReader> OpenReaderAsync(CancellationToken cancellationToken) =>
        new(await OpenReadAsync(cancellationToken));

    /// <summary>Opens a read connection synchronously (start-up load and rare read-through misses); as <see cref="OpenReadAsync"/>.</summary>
    public DbConnection OpenRead() => Database.Open();

    /// <summary>Queues a write; the task completes when its transaction committed (or faults when it failed).</summary>
    public async Task WriteAsync(int weight, Action<DbConnection, DbTransaction> write, CancellationToken cancellationToken)
    {
        var committed = await EnqueueAsync(weight, write, cancellationToken);
        await committed.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Queues a write (waiting only while the queue is full) and returns its commit: the caller may do other work,
    /// then await the commit before it acknowledges anything.
    /// </summary>
    public async ValueTask<Task> EnqueueAsync(int weight, Action<DbConnection, DbTransaction> write, CancellationToken cancellationToken)
    {
        ReadOnlyRecordingException.ThrowIf(IsReadOnly);
        var pending = new PendingWrite(weight, write);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return pending.Done.Task;
    }

    /// <summary>Queues a write nobody waits for (alerts and cue statuses on the live path); failures are logged.</summary>
    public void WriteInBackground(Action<DbConnection, DbTransaction> write)
    {
        ReadOnlyRecordingException.ThrowIf(IsReadOnly);
        var pending = new PendingWrite(1, write);
        if (!_queue.Writer.TryWrite(pending))
        {
            _ = WriteFireAndForgetAsync(pending);
        }
    }

    private async Task WriteFireAndForgetAsync(PendingWrite pending)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending);
        }
        catch (ChannelClosedException)
        {
            LogDroppedAtShutdown(_logger);
        }
    }

    private void WriteLoop()
    {
        // Named for ps/top/perf and the bench's per-thread CPU breakdown (docs/benchmarks.md).
        Thread.CurrentThread.Name = "MML recorder";
        DbConnection? connection = null;
        var batch = new List<PendingWrite>();
        var reader = _queue.Reader;
        var lastCommit = 0L;
        var lastMove = Stopwatch.GetTimestamp();
        var sinceMove = 0L;
        try
        {
            while (WaitToRead(reader))
            {
                // Group commit: wait out the rest of the interval since the last transaction began, so the writes
                // arriving meanwhile share the next transaction and its fsync. Wall-clock on purpose: this paces the
                // disk, not the session's time, and must not hang on a test's frozen clock. A timed wait on this thread of
                // its own, without spinning: a timer task and a wait on it cost a timer-thread wakeup and a spin, per commit.
                if (lastCommit != 0 && _options.RecorderCommitInterval > TimeSpan.Zero
                    && _options.RecorderCommitInterval - Stopwatch.GetElapsedTime(lastCommit) is var wait && wait > TimeSpan.Zero)
                {
                    _stopping.Wait(wait);
                }

                lastCommit = Stopwatch.GetTimestamp();
                batch.Clear();
                var weight = 0;
                while (weight < _options.RecorderMaxBatchSamples && reader.TryRead(out var next))
                {
                    batch.Add(next);
                    weight += next.Weight;
                }

                var started = _time.GetTimestamp();
                bool committed;
                try
                {
                    // A server store can drop the connection (restart, network): reopen it for the next batch.
                    if (connection is not { State: System.Data.ConnectionState.Open })
                    {
                        connection?.Dispose();

                        connection = null;
                        connection = Database.OpenWriter();
                    }

                    using var tx = connection.BeginTransaction();
                    foreach (var write in batch)
                    {
                        write.Run(connection, tx);
                    }

                    // The inbox moves one slice of runners per transaction of the writes that are due anyway, each slice at
                    // least every RecorderInboxMoveInterval and every RecorderInboxMoveRows rows (in turn: a slice every 1/slices of
                    // either). Reads never wait for a move: they read the inbox with the samples table. One move of the whole
                    // inbox would hold every write queued behind it for its whole length; a slice's move holds them for its share.
                    sinceMove += weight;
                    var moveSlice = Database.HasInbox
                        && (sinceMove >= _options.RecorderInboxMoveRows / Database.InboxSlices
                            || Stopwatch.GetElapsedTime(lastMove) >= _options.RecorderInboxMoveInterval / Database.InboxSlices);
                    var emptied = moveSlice && Database.MoveInboxSlice(connection, tx);

                    // Set before the commit: cleared after it only when the transaction left the inbox empty.
                    Volatile.Write(ref _inboxPending, 1);
                    tx.Commit();
                    committed = true;
                    if (moveSlice)
                    {
                        if (emptied)
                        {
                            // The move was the transaction's last statement: nothing committed is left in the inbox.
                            Volatile.Write(ref _inboxPending, 0);
                        }

                        lastMove = Stopwatch.GetTimestamp();
                        sinceMove = 0;
                    }
                }
#pragma warning disable CA1031 // One failed transaction must fail its writers, not the writer loop.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    committed = false;
                    LogCommitFailed(_logger, batch.Count, ex);
                    Database.ResetInboxBookkeeping();
                    // The retries commit writes of their own into the inbox without a move: the shutdown must move it.
                    Volatile.Write(ref _inboxPending, 1);
                    if (connection is { State: System.Data.ConnectionState.Open })
                    {
                        RetryOneByOne(connection, batch);
                    }
                    else
                    {
                        foreach (var write in batch)
                        {
                            write.Failed(ex);
                        }
                    }
                }

                // After the commit and outside its try: a failure here must not retry (and so write twice) a committed
                // batch, whose rows every read would then see twice (the inbox keeps duplicates; reads union it with
                // samples). The metrics first, as before: whoever saw its write committed also sees the batch counted.
                if (committed)
                {
                    RecordBatch(weight, started);
                    foreach (var write in batch)
                    {
                        write.Committed();
                    }

                    // After the acks: it delays only the next batch. Lets the WAL start over (SqliteRecordingDatabase).
                    _sqlite?.CatchUpCheckpoint(connection!);
                }

                // Settled (acked or failed): nothing holds their writes and the samples those captured any longer while the
                // writer waits out the next interval (or for the next write, however long that is).
                batch.Clear();
            }
        }
        finally
        {
            MoveInboxAtShutdown(connection);
            connection?.Dispose();
        }
    }

    /// <summary>Reports a committed batch to the metrics; a failing listener is logged, never fails the writer loop.</summary>
    private void RecordBatch(int weight, long started)
    {
        try
        {
            _metrics.RecorderBatch(weight, _time.GetElapsedTime(started).TotalMilliseconds);
        }
#pragma warning disable CA1031 // A metrics listener's failure must not stop the recorder.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogMetricsFailed(_logger, ex);
        }
    }

    /// <summary>
    /// Blocks the writer's own thread until a write is queued (false once the queue is completed and empty). An event that
    /// never spins, not Task.Wait: its spin calls sched_yield, a system call each, every time the queue runs empty.
    /// </summary>
    private bool WaitToRead(ChannelReader<PendingWrite> reader)
    {
#pragma warning disable CA2012 // One continuation registered, the result taken once, after completion: the rules of a ValueTask.
        var ready = reader.WaitToReadAsync();
#pragma warning restore CA2012
        if (!ready.IsCompleted)
        {
            // Reset before the continuation is registered: a write queued in between still sets it.
            _readable.Reset();
            ready.GetAwaiter().UnsafeOnCompleted(_setReadable);
            _readable.Wait();
        }

        // Completed here: the event is set only by the continuation (GetResult also rethrows a faulted wait).
        return ready.IsCompleted
            ? ready.GetAwaiter().GetResult()
            : throw new InvalidOperationException("The recorder woke before its queue was readable");
    }

    // A bad write must not take good ones in its batch down with it: retry each in its own transaction.
    private static void RetryOneByOne(DbConnection connection, List<PendingWrite> batch)
    {
        foreach (var write in batch)
        {
            try
            {
                using var tx = connection.BeginTransaction();
                write.Run(connection, tx);
                tx.Commit();
                write.Committed();
            }
#pragma warning disable CA1031 // The writer's failure is reported to its waiter.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                write.Failed(ex);
            }
        }
    }

    /// <summary>
    /// Takes no more writes, commits every queued one and moves the inbox (<see cref="RecordingShutdown"/> calls it when
    /// the host has stopped; safe to call again). Cancelled, it stops waiting but the writer still finishes its drain.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        _stopping.Set();
        return _writer.WaitAsync(cancellationToken);
    }

    /// <summary>Drains queued writes (as <see cref="StopAsync"/>, if the host did not) and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await Database.DisposeAsync();
        _stopping.Dispose();
        _readable.Dispose();
    }

    /// <summary>
    /// A queued write until it is settled: its write (and whatever that captured: a publish's samples) is kept only until
    /// its transaction committed or failed for good, since a failed batch runs it again alone; then only its completion.
    /// </summary>
    private sealed class PendingWrite(int weight, Action<DbConnection, DbTransaction> run)
    {
        private Action<DbConnection, DbTransaction>? _run = run;

        public int Weight { get; } = Math.Max(1, weight);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(DbConnection connection, DbTransaction tx) =>
            (_run ?? throw new InvalidOperationException("A settled write ran again"))(connection, tx);

        public void Committed()
        {
            _run = null;
            Done.TrySetResult();
        }

        public void Failed(Exception exception)
        {
            _run = null;
            Done.TrySetException(exception);
        }
    }
}
