using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Outbox;

/// <summary>
/// The outbox in one SQLite file (<c>outbox.db</c>, WAL) in the relay's data folder: a sample's seq is assigned and the
/// sample stored in the same transaction, so a killed process leaves either both or neither.
/// </summary>
/// <remarks>
/// One connection behind a lock: SQLite has a single writer anyway, and the relay writes a few hundred rows a second at most.
/// Counters are mirrored in memory so status and bound checks never touch the disk.
/// </remarks>
internal sealed partial class SqliteOutbox : IOutbox, IDisposable
{
    public const string FileName = "outbox.db";

    private readonly SqliteConnection _db;
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, OutboxCounters> _runners = [];
    private long _pendingBytes;
    private TaskCompletionSource _appended = NewSignal();
    private bool _disposed;

    private SqliteOutbox(SqliteConnection db, OutboxOptions options, ILogger logger)
    {
        _db = db;
        _options = options;
        _logger = logger;
    }

    public RunnerIdentity EnsureRunner(int runnerIndex, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(runnerIndex);
        try
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                if (!_runners.ContainsKey(runnerIndex))
                {
                    using var cmd = _db.CreateCommand();
                    cmd.CommandText = "INSERT INTO runner (idx, name, next_seq, acked_seq) VALUES ($idx, $name, 1, 0)";
                    cmd.Parameters.AddWithValue("$idx", runnerIndex);
                    cmd.Parameters.AddWithValue("$name", name);
                    cmd.ExecuteNonQuery();
                    _runners[runnerIndex] = new OutboxCounters { NextSeq = 1 };
                }

                return ReadIdentity(runnerIndex)!;
            }
        }
        catch (SqliteException ex)
        {
            throw new OutboxException(ex);
        }
    }

    public RunnerIdentity? GetIdentity(int runnerIndex)
    {
        try
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return ReadIdentity(runnerIndex);
            }
        }
        catch (SqliteException ex)
        {
            throw new OutboxException(ex);
        }
    }

    public void SaveIdentity(RunnerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        try
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                using var cmd = _db.CreateCommand();
                cmd.CommandText = """
                    UPDATE runner SET name = $name, hub_url = $hub, join_code = $code, session_id = $sid, runner_id = $rid,
                        rejoin_secret = $secret, token = $token, token_expires_at = $exp
                    WHERE idx = $idx
                    """;
                cmd.Parameters.AddWithValue("$idx", identity.Index);
                cmd.Parameters.AddWithValue("$name", identity.Name);
                cmd.Parameters.AddWithValue("$hub", (object?)identity.HubUrl ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$code", (object?)identity.JoinCode ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$sid", (object?)identity.SessionId ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$rid", (object?)identity.RunnerId ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$secret", (object?)identity.RejoinSecret ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$token", (object?)identity.Token ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$exp", identity.TokenExpiresAt);
                if (cmd.ExecuteNonQuery() != 1)
                {
                    throw new InvalidOperationException($"Runner slot {identity.Index} does not exist; call EnsureRunner first.");
                }
            }
        }
        catch (SqliteException ex)
        {
            throw new OutboxException(ex);
        }
    }

    public void ResetRunner(int runnerIndex)
    {
        try
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                var counters = GetCounters(runnerIndex);
                if (counters.Pending > 0)
                {
                    throw new OutboxNotEmptyException(runnerIndex, counters.Pending);
                }

                using var cmd = _db.CreateCommand();
                cmd.CommandText = """
                    UPDATE runner SET next_seq = 1, acked_seq = 0, hub_url = NULL, join_code = NULL, session_id = NULL,
                        runner_id = NULL, rejoin_secret = NULL, token = NULL, token_expires_at = 0
                    WHERE idx = $idx
                    """;
                cmd.Parameters.AddWithValue("$idx", runnerIndex);
                cmd.ExecuteNonQuery();
                counters.NextSeq = 1;
                counters.AckedSeq = 0;
                // The old session's dead letters stay listed; the new seqs are not theirs.
                counters.DeadSeqs.Clear();
                counters.LastDeadLetterReason = null;
            }
        }
        catch (SqliteException ex)
        {
            throw new OutboxException(ex);
        }
    }

    public AppendResult Append(IReadOnlyList<SourceReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        try
        {
            var accepted = new List<(int, long)>(readings.Count);
            var refusedByRunner = new Dictionary<int, int>();
            var refusedTotals = new Dictionary<int, long>();
            TaskCompletionSource signal;
            lock (_gate)
            {
                ThrowIfDisposed();
                var snapshot = _runners.ToDictionary(r => r.Key, r => r.Value.Clone());
                var bytes = _pendingBytes;
                using var tx = _db.BeginTransaction();
                try
                {
                    using var insert = _db.CreateCommand();
                    insert.Transaction = tx;
                    insert.CommandText = "INSERT INTO sample (idx, seq, observed_at, payload) VALUES ($idx, $seq, $at, $payload)";
                    var pIdx = insert.Parameters.Add("$idx", SqliteType.Integer);
                    var pSeq = insert.Parameters.Add("$seq", SqliteType.Integer);
                    var pAt = insert.Parameters.Add("$at", SqliteType.Integer);
                    var pPayload = insert.Parameters.Add("$payload", SqliteType.Blob);
                    foreach (var reading in readings)
                    {
                        var counters = GetCounters(reading.RunnerIndex);
                        var sample = reading.Sample with { Seq = counters.NextSeq };
                        var payload = JsonSerializer.SerializeToUtf8Bytes(sample);
                        if (counters.Pending >= _options.MaxPendingSamplesPerRunner || bytes + payload.Length > _options.MaxPendingBytes)
                        {
                            counters.Refused++;
                            refusedByRunner[reading.RunnerIndex] = refusedByRunner.GetValueOrDefault(reading.RunnerIndex) + 1;
                            continue;
                        }

                        pIdx.Value = reading.RunnerIndex;
                        pSeq.Value = sample.Seq;
                        pAt.Value = sample.ObservedAt;
                        pPayload.Value = payload;
                        insert.ExecuteNonQuery();
                        accepted.Add((reading.RunnerIndex, sample.Seq));
                        counters.NextSeq++;
                        counters.Pending++;
                        counters.PendingBytes += payload.Length;
                        bytes += payload.Length;
                    }

                    using var update = _db.CreateCommand();
                    update.Transaction = tx;
                    update.CommandText = "UPDATE runner SET next_seq = $next, refused = $refused WHERE idx = $idx";
                    var uIdx = update.Parameters.Add("$idx", SqliteType.Integer);
                    var uNext = update.Parameters.Add("$next", SqliteType.Integer);
                    var uRefused = update.Parameters.Add("$refused", SqliteType.Integer);
                    foreach (var index in readings.Select(r => r.RunnerIndex).Distinct())
                    {
                        var counters = _runners[index];
                        uIdx.Value = index;
                        uNext.Value = counters.NextSeq;
                        uRefused.Value = counters.Refused;
                        update.ExecuteNonQuery();
                    }

                    tx.Commit();
                    _pendingBytes = bytes;
                }
                catch
                {
                    // Nothing of the batch is on disk: put the counters back so seqs stay contiguous.
                    _runners.Clear();
                    foreach (var (key, value) in snapshot)
                    {
                        _runners[key] = value;
                    }

                    throw;
                }

                signal = _appended;
                _appended = NewSignal();
                foreach (var index in refusedByRunner.Keys)
                {
                    refusedTotals[index] = _runners[index].Refused;
                }
            }

            signal.TrySetResult();
            foreach (var (index, count) in refusedByRunner)
            {
                LogRefused(_logger, count, index, refusedTotals[index]);
            }

            return new AppendResult(accepted, refusedByRunner.Values.Sum());
        }
        catch (SqliteException ex)
        {
            throw new OutboxException(ex);
        }
    }

    public IReadOnlyList<MetricSample> ReadPending(int runnerIndex, long fromSeq, int max)
    {
        try
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                using var cmd = _db.CreateCommand();
                cmd.CommandText = "SELECT seq, payload FROM sample WHERE idx = $idx AND seq >= $from ORDER BY seq LIMIT $max";
                cmd.Parameters.AddWithValue("$idx", runnerIndex);
                cmd.Parameters.AddWithValue("$from", fromSeq);
                cmd.Parameters.AddWithValue("$max", max);
                using var reader = cmd.ExecuteReader();
                var samples = new List<MetricSample>();
                while (reader.Read())
                {
                    var seq = reader.GetInt64(0);
                    var sample = JsonSerializer.Deserialize<MetricSample>((byte[])reader.GetValue(1))
                        ?? throw new InvalidDataException($"Outbox row {runnerIndex}/{seq} holds no sample.");
                    samples.Add(sample with { Seq = seq });
                }

                return samples;
            }
        }
        catch (SqliteException ex)
        {
            throw new OutboxException(ex);
        }
    }

    public void Trim(int runnerIndex, long upTo)
    {
        try
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                var counters = GetCounters(runnerIndex);
                if (upTo <= counters.AckedSeq)
                {
                    return;
                }

                using var tx = _db.BeginTransaction();
                long count;
                long bytes;
                using (var sum = _db.CreateCommand())
                {
                    sum.Transaction = tx;
                    sum.CommandText = "SELECT COUNT(*), COALESCE(SUM(length(payload)), 0) FROM sample WHERE idx = $idx AND seq <= $upTo";
                    sum.Parameters.AddWithValue("$idx", runnerIndex);
                    sum.Parameters.AddWithValue("$upTo", upTo);
                    using var reader = sum.ExecuteReader();
                    reader.Read();
                    count = reader.GetInt64(0);
                    bytes = reader.GetInt64(1);
                }

                using (var delete = _db.CreateCommand())
                {
                    delete.Transaction = tx;
                    delete.CommandText = """
                        DELETE FROM sample WHERE idx = $idx AND seq <= $upTo;
                        UPDATE runner SET acked_seq = $upTo WHERE idx = $idx;
                        """;
                    delete.Parameters.AddWithValue("$idx", runnerIndex);
                    delete.Parameters.AddWithValue("$upTo", upTo);
                    delete.ExecuteNonQuery();
                }

                tx.Commit();
                counters.AckedSeq = upTo;
                counters.Pending -= count;
                counters.PendingBytes -= bytes;
                _pendingBytes -= bytes;
            }
        }
        catch (SqliteException ex)
        {
            throw new OutboxException(ex);
        }
    }

    public OutboxStats GetStats(int runnerIndex)
    {
        lock (_gate)
        {
            var c = _runners.GetValueOrDefault(runnerIndex) ?? new OutboxCounters { NextSeq = 1 };
            return new OutboxStats(runnerIndex, c.Pending, c.NextSeq - 1, c.AckedSeq, c.Refused)
            {
                DeadLettered = c.DeadSeqs.Count,
                DeadLetterReason = c.LastDeadLetterReason,
            };
        }
    }

    public async Task WaitForSeqAsync(int runnerIndex, long seq, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_runners.TryGetValue(runnerIndex, out var c) && c.NextSeq > seq)
                {
                    return;
                }

                signal = _appended.Task;
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _db.Dispose();
        }

        _appended.TrySetCanceled();
    }

    private OutboxCounters GetCounters(int runnerIndex) =>
        _runners.TryGetValue(runnerIndex, out var counters)
            ? counters
            : throw new InvalidOperationException($"Runner slot {runnerIndex} does not exist; call EnsureRunner first.");

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
