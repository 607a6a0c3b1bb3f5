using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.RunnerKit.Uplink;

/// <summary>
/// Sends one runner's outbox in seq order with a bounded in-flight window, trims it on each ack, puts sample times on
/// the hub's clock and marks late samples <c>backfilled</c>.
/// </summary>
/// <remarks>
/// Go-back-N: when a publish fails or an ack stops short of what was sent (the hub saw a gap), the pump lets the window
/// drain and resends from the last ack. The hub drops what it already holds, so every seq is recorded exactly once.
/// Connecting, retrying a failed round and giving up are the host's: <see cref="SendAsync"/> is one round.
/// </remarks>
public sealed class OutboxPump
{
    private static readonly IPumpObserver Silent = new NoObserver();

    private readonly IOutboxReader _outbox;
    private readonly IPublishChannel _channel;
    private readonly ClockOffsetEstimator _clock;
    private readonly PumpOptions _options;
    private readonly TimeProvider _time;
    private readonly IPumpObserver _observer;

    public OutboxPump(
        IOutboxReader outbox, IPublishChannel channel, ClockOffsetEstimator clock, PumpOptions options, TimeProvider time,
        IPumpObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _outbox = outbox;
        _channel = channel;
        _clock = clock;
        _options = options;
        _time = time;
        _observer = observer ?? Silent;
    }

    /// <summary>Raised after each ack that moved the acknowledged seq.</summary>
    public event EventHandler<PublishAck>? Acknowledged;

    /// <summary>
    /// One round: sends from the last ack while the channel is connected and returns once it is not (with nothing in
    /// flight). A failed publish is rethrown after the window has drained, so the next round starts from the true ack.
    /// </summary>
    public async Task SendAsync(CancellationToken cancellationToken)
    {
        var acked = await _outbox.GetAckedSeqAsync(cancellationToken);
        var next = acked + 1;
        var window = new Queue<InFlight>();
        try
        {
            while (true)
            {
                while (window.Count < _options.MaxInFlight)
                {
                    var pending = await _outbox.ReadPendingAsync(next, _options.BatchSize, cancellationToken);
                    if (pending.Count == 0)
                    {
                        break;
                    }

                    var batch = Prepare(pending, out var backfilled);
                    var sentAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
                    window.Enqueue(new InFlight(pending[^1].Seq, sentAt, _channel.PublishAsync(batch, cancellationToken)));
                    next = pending[^1].Seq + 1;
                    _observer.BatchSent(batch.Samples.Length, backfilled);
                }

                if (window.Count == 0)
                {
                    if (!_channel.IsConnected)
                    {
                        return;
                    }

                    await _outbox.WaitForSeqAsync(next, cancellationToken);
                    continue;
                }

                var head = window.Dequeue();
                var ack = await head.Task;
                var receivedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
                _clock.AddRoundTrip(head.SentAt, receivedAt, ack.HubTime);
                if (ack.UpTo > acked)
                {
                    await _outbox.TrimAsync(ack.UpTo, cancellationToken);
                    acked = ack.UpTo;
                    Acknowledged?.Invoke(this, ack);
                }

                _observer.AckReceived(ack, acked, receivedAt);
                if (ack.UpTo < head.Last)
                {
                    // The hub holds less than this batch: something before it was lost. Drain and resend from the ack.
                    _observer.GapFound(ack.UpTo, head.Last);
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
                    await _outbox.TrimAsync(ack.UpTo, cancellationToken);
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

        _observer.Drained(acked);
        return acked;
    }

    /// <summary>Puts observedAt on the hub's clock and marks samples that are being sent late.</summary>
    private SampleBatch Prepare(IReadOnlyList<MetricSample> pending, out int backfilled)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var lateBefore = now - (long)_options.BackfillThreshold.TotalMilliseconds;
        var offset = _clock.OffsetMs;
        var samples = new MetricSample[pending.Count];
        backfilled = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var s = pending[i];
            samples[i] = s with { ObservedAt = s.ObservedAt + offset, Backfilled = s.Backfilled || s.ObservedAt < lateBefore };
            backfilled += samples[i].Backfilled ? 1 : 0;
        }

        return new SampleBatch { Samples = samples };
    }

    private sealed record InFlight(long Last, long SentAt, Task<PublishAck> Task);

    private sealed class NoObserver : IPumpObserver;
}
