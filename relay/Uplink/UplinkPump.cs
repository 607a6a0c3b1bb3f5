using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// Runs one runner's uplink rounds: connects through <see cref="HubLink"/>, then lets the shared
/// <see cref="OutboxPump"/> send the outbox (window, trim on ack, backfill marking, clock offset) until the link drops.
/// </summary>
internal sealed partial class UplinkPump
{
    private readonly int _index;
    private readonly HubLink _link;
    private readonly UplinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OutboxPump _pump;

    public UplinkPump(
        int runnerIndex, IOutbox outbox, HubLink link, ClockOffsetEstimator clock, UplinkOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _index = runnerIndex;
        _link = link;
        _options = options;
        _time = time;
        _logger = logger;
        var publish = UplinkResilience.BuildPublish(options, time, after =>
        {
            _link.UpdateStatus(s => s with { RateLimited = s.RateLimited + 1 });
            LogRateLimited(_logger, _index, (long)after.TotalMilliseconds);
        });
        var pumpOptions = new PumpOptions
        {
            BatchSize = options.BatchSize, MaxInFlight = options.MaxInFlight, BackfillThreshold = options.BackfillThreshold,
        };
        var channel = new HubPublishChannel(runnerIndex, outbox, link, publish, time, logger);
        _pump = new OutboxPump(new OutboxSlot(outbox, runnerIndex), channel, clock, pumpOptions, time, new StatusObserver(this));
    }

    /// <summary>Raised after each ack that moved the acknowledged seq.</summary>
    public event EventHandler<PublishAck>? Acknowledged
    {
        add => _pump.Acknowledged += value;
        remove => _pump.Acknowledged -= value;
    }

    /// <summary>Connects and sends until cancelled, or until the hub refuses the join for good.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _link.EnsureConnectedAsync(cancellationToken);
                await _pump.SendAsync(cancellationToken);
            }
            catch (JoinRejectedException ex)
            {
                // The session ended or the code is wrong: keep every sample on disk, say so, stop this runner's uplink.
                _link.MarkRejected(ex);
                LogJoinRejected(_logger, _index, ex.Message);
                return;
            }
            catch (BatchRefusedException ex) when (ex.Readings > 0 && !cancellationToken.IsCancellationRequested)
            {
                // The refused readings are out of the outbox (dead letters, logged where they were moved): the rest goes
                // again at once, not after a wait. A refusal that moved nothing takes the failure path with its backoff.
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _link.UpdateStatus(s => s with { Failures = s.Failures + 1, LastError = ex.Message });
                LogRoundFailed(_logger, _index, ex.GetType().Name, ex.Message);
                await Task.Delay(_options.RestartDelay, _time, cancellationToken);
            }
        }
    }

    /// <summary>The runner's outbox slot as the shared pump reads it (SQLite calls are synchronous: see IOutbox).</summary>
    private sealed class OutboxSlot(IOutbox outbox, int runnerIndex) : IOutboxReader
    {
        public ValueTask<long> GetAckedSeqAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(outbox.GetStats(runnerIndex).AckedSeq);

        public ValueTask<IReadOnlyList<MetricSample>> ReadPendingAsync(long fromSeq, int max, CancellationToken cancellationToken) =>
            ValueTask.FromResult(outbox.ReadPending(runnerIndex, fromSeq, max));

        public ValueTask TrimAsync(long upTo, CancellationToken cancellationToken)
        {
            outbox.Trim(runnerIndex, upTo);
            return ValueTask.CompletedTask;
        }

        public Task WaitForSeqAsync(long seq, CancellationToken cancellationToken) => outbox.WaitForSeqAsync(runnerIndex, seq, cancellationToken);
    }

    /// <summary>The pump's progress into the runner's status line and log.</summary>
    private sealed class StatusObserver(UplinkPump owner) : IPumpObserver
    {
        public void BatchSent(int samples, int backfilled) =>
            owner._link.UpdateStatus(s => s with { BatchesSent = s.BatchesSent + 1, SamplesBackfilled = s.SamplesBackfilled + backfilled });

        public void AckReceived(PublishAck ack, long acked, long receivedAtMs) =>
            owner._link.UpdateStatus(s => s with { LastAck = acked, LastAckAt = receivedAtMs, Duplicates = s.Duplicates + ack.Duplicates });

        public void GapFound(long upTo, long batchLast) => LogGap(owner._logger, owner._index, upTo, batchLast);

        public void Drained(long acked) => owner._link.UpdateStatus(s => s with { LastAck = Math.Max(s.LastAck, acked) });
    }
}
