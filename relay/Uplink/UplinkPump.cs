using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using Polly;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// Sends one runner's outbox in seq order with a bounded in-flight window and trims it on each ack.
/// </summary>
/// <remarks>
/// Go-back-N: when a publish fails or an ack stops short of what was sent (the hub saw a gap), the pump lets the window
/// drain and resends from the last ack. The hub drops what it already holds, so every seq is recorded exactly once.
/// </remarks>
internal sealed partial class UplinkPump
{
    private readonly int _index;
    private readonly IOutbox _outbox;
    private readonly HubLink _link;
    private readonly ClockOffsetEstimator _clock;
    private readonly UplinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<PublishAck> _publish;

    public UplinkPump(
        int runnerIndex, IOutbox outbox, HubLink link, ClockOffsetEstimator clock, UplinkOptions options, TimeProvider time, ILogger logger)
    {
        _index = runnerIndex;
        _outbox = outbox;
        _link = link;
        _clock = clock;
        _options = options;
        _time = time;
        _logger = logger;
        _publish = UplinkResilience.BuildPublish(options, time, after =>
        {
            _link.UpdateStatus(s => s with { RateLimited = s.RateLimited + 1 });
            LogRateLimited(_logger, _index, (long)after.TotalMilliseconds);
        });
    }

    /// <summary>Raised after each ack that moved the acknowledged seq.</summary>
    public event EventHandler<PublishAck>? Acknowledged;

    /// <summary>Connects and sends until cancelled, or until the hub refuses the join for good.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _link.EnsureConnectedAsync(cancellationToken);
                await SendAsync(cancellationToken);
            }
            catch (JoinRejectedException ex)
            {
                // The session ended or the code is wrong: keep every sample on disk, say so, stop this runner's uplink.
                _link.MarkRejected(ex);
                LogJoinRejected(_logger, _index, ex.Message);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _link.UpdateStatus(s => s with { Failures = s.Failures + 1, LastError = ex.Message });
                LogRoundFailed(_logger, _index, ex.GetType().Name, ex.Message);
                await Task.Delay(_options.RestartDelay, _time, cancellationToken);
            }
        }
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var acked = _outbox.GetStats(_index).AckedSeq;
        var next = acked + 1;
        var window = new Queue<InFlight>();
        try
        {
            while (true)
            {
                while (window.Count < _options.MaxInFlight)
                {
                    var pending = _outbox.ReadPending(_index, next, _options.BatchSize);
                    if (pending.Count == 0)
                    {
                        break;
                    }

                    var batch = Prepare(pending);
                    var sentAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
                    var task = _publish.ExecuteAsync(
                        static async (state, ct) => await state.Link.PublishAsync(state.Batch, ct),
                        (Link: _link, Batch: batch),
                        cancellationToken).AsTask();
                    window.Enqueue(new InFlight(pending[0].Seq, pending[^1].Seq, sentAt, task));
                    next = pending[^1].Seq + 1;
                    _link.UpdateStatus(s => s with { BatchesSent = s.BatchesSent + 1, SamplesBackfilled = s.SamplesBackfilled + batch.Samples.Count(m => m.Backfilled) });
                }

                if (window.Count == 0)
                {
                    if (!_link.IsConnected)
                    {
                        return;
                    }

                    await _outbox.WaitForSeqAsync(_index, next, cancellationToken);
                    continue;
                }

                var head = window.Dequeue();
                var ack = await head.Task;
                var receivedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
                _clock.AddRoundTrip(head.SentAt, receivedAt, ack.HubTime);
                if (ack.UpTo > acked)
                {
                    _outbox.Trim(_index, ack.UpTo);
                    acked = ack.UpTo;
                    Acknowledged?.Invoke(this, ack);
                }

                _link.UpdateStatus(s => s with { LastAck = acked, LastAckAt = receivedAt, Duplicates = s.Duplicates + ack.Duplicates });
                if (ack.UpTo < head.Last)
                {
                    // The hub holds less than this batch: something before it was lost. Drain and resend from the ack.
                    LogGap(_logger, _index, ack.UpTo, head.Last);
                    acked = await DrainAsync(window, acked, cancellationToken);
                    next = acked + 1;
                }
            }
        }
        catch
        {
            await DrainAsync(window, acked, cancellationToken);
            throw;
        }
    }

    /// <summary>Waits out the in-flight publishes (their acks still count), so a resend starts from the true ack.</summary>
    private async Task<long> DrainAsync(Queue<InFlight> window, long acked, CancellationToken cancellationToken)
    {
        while (window.TryDequeue(out var inFlight))
        {
            try
            {
                var ack = await inFlight.Task;
                if (ack.UpTo > acked && !cancellationToken.IsCancellationRequested)
                {
                    _outbox.Trim(_index, ack.UpTo);
                    acked = ack.UpTo;
                    Acknowledged?.Invoke(this, ack);
                }
            }
#pragma warning disable CA1031 // the failure of a drained publish is already accounted for by the resend
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        _link.UpdateStatus(s => s with { LastAck = Math.Max(s.LastAck, acked) });
        return acked;
    }

    /// <summary>Puts observedAt on the hub's clock and marks samples that are being sent late.</summary>
    private SampleBatch Prepare(IReadOnlyList<MetricSample> pending)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var lateBefore = now - (long)_options.BackfillThreshold.TotalMilliseconds;
        var offset = _clock.OffsetMs;
        var samples = new MetricSample[pending.Count];
        for (var i = 0; i < samples.Length; i++)
        {
            var s = pending[i];
            samples[i] = s with { ObservedAt = s.ObservedAt + offset, Backfilled = s.Backfilled || s.ObservedAt < lateBefore };
        }

        return new SampleBatch { Samples = samples };
    }

    private sealed record InFlight(long First, long Last, long SentAt, Task<PublishAck> Task);
}
