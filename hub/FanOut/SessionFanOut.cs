using System.Collections.Concurrent;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using Microsoft.Extensions.Logging.Abstractions;
using MindMuscle.Live.Hub.ScaleOut;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// A session's watching coaches (one <see cref="CoachSender"/> per connection) and its channel to the coaches on other
/// nodes. Handing a message or samples over never waits for a send; handing samples over does at most one bounded pass
/// of the session's hand-overs (see <see cref="FanOutSamplesLocal"/>).
/// </summary>
internal sealed partial class SessionFanOut
{
    private readonly ConcurrentDictionary<string, CoachSender> _coaches = new(StringComparer.Ordinal);
    private readonly string _sessionId;
    private readonly ISessionBus _bus;
    private readonly BusCoachClient? _remote;
    private readonly ConcurrentQueue<(string RunnerId, MetricSample[] Samples)> _handOver = new();
    private readonly ILogger _logger;
    private int _handingOver;
    private long _chunks;
    private long _lost;

    public SessionFanOut(string sessionId, ISessionBus bus, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _sessionId = sessionId;
        _bus = bus;
        _logger = logger ?? NullLogger.Instance;
        _remote = bus.Enabled ? new BusCoachClient(bus, sessionId) : null;
    }

    /// <summary>Hand-overs of a batch to a coach's sender that failed (that coach misses the batch; logged).</summary>
    public long HandOversLost => Interlocked.Read(ref _lost);

    /// <summary>The coach senders of this node, by connection id.</summary>
    public ICollection<CoachSender> Coaches => _coaches.Values;

    /// <summary>Starts a coach connection's feed; a feed it had already is closed.</summary>
    public void Watch(CoachSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (_coaches.TryGetValue(sender.ConnectionId, out var previous))
        {
            previous.Close();
        }

        _coaches[sender.ConnectionId] = sender;
    }

    public void Unwatch(string connectionId)
    {
        if (_coaches.TryRemove(connectionId, out var sender))
        {
            sender.Close();
        }
    }

    /// <summary>Hands a message to every watching coach's sender and to the bus.</summary>
    public void Broadcast(Func<ICoachClient, Task> message)
    {
        BroadcastLocal(message);
        if (_remote is { } remote)
        {
            _ = message(remote);
        }
    }

    /// <summary>Hands a message to the coaches connected to this node only (traffic that came over the bus).</summary>
    public void BroadcastLocal(Func<ICoachClient, Task> message)
    {
        // Enumerating the dictionary takes no lock and allocates nothing; .Values would do both on every publish.
        foreach (var (_, coach) in _coaches)
        {
            coach.EnqueueMessage(message);
        }
    }

    /// <summary>Hands a runner's new samples to the local coaches' senders and to the bus.</summary>
    public void FanOutSamples(string runnerId, MetricSample[] samples)
    {
        FanOutSamplesLocal(runnerId, samples);
        if (_remote is not null)
        {
            _bus.Publish(_sessionId, new SessionBusMessage { Kind = SessionBusMessageKind.Samples, RunnerId = runnerId, Samples = samples });
        }
    }

    public void FanOutSamplesLocal(string runnerId, MetricSample[] samples)
    {
        // Nobody watches here: nothing to number or build (a coach that watches later starts from a snapshot).
        if (_coaches.IsEmpty)
        {
            return;
        }

        // One thread at a time hands the session's batches over, numbered, so every coach's queue holds them in the same
        // order (coaches that are caught up then send the very frame another coach cut: SessionChunk). A runner's batches
        // arrive here in seq order (its publish lock), so stay in it. A publisher queues its batch and, if nobody is
        // handing over, does one pass of what is queued then (its own batch among them); batches queued meanwhile go
        // to the next publisher or to a pool thread, so one runner's ack never waits on everyone else's hand-overs.
        _handOver.Enqueue((runnerId, samples));
        DrainOnce();
    }

    private void DrainOnce()
    {
        if (_handOver.IsEmpty || Interlocked.CompareExchange(ref _handingOver, 1, 0) != 0)
        {
            return;
        }

        try
        {
            for (var pass = _handOver.Count; pass > 0 && _handOver.TryDequeue(out var next); pass--)
            {
                HandOver(next.RunnerId, next.Samples);
            }
        }
        finally
        {
            Volatile.Write(ref _handingOver, 0);
        }

        // Whoever queued after the pass started saw the gate taken and left: hand theirs over off this thread.
        if (!_handOver.IsEmpty)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static fanOut => fanOut.DrainOnce(), this, preferLocal: false);
        }
    }

    private void HandOver(string runnerId, MetricSample[] samples)
    {
        int plain = 0, packed = 0;
        foreach (var (_, coach) in _coaches)
        {
            if (coach.Packed)
            {
                packed++;
            }
            else
            {
                plain++;
            }
        }

        if (plain + packed == 0)
        {
            return;
        }

        var chunk = new SessionChunk(++_chunks, _sessionId, runnerId, samples, plain > 1, packed > 1);
        foreach (var (_, coach) in _coaches)
        {
            try
            {
                coach.EnqueueSamples(runnerId, samples, chunk);
            }
#pragma warning disable CA1031 // One coach's failure must not cost the other coaches the batch, nor fail a publish.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Lost(runnerId, 1, ex);
            }
        }
    }

    private void Lost(string runnerId, int coaches, Exception ex)
    {
        Interlocked.Add(ref _lost, coaches);
        LogHandOverFailed(_logger, _sessionId, runnerId, coaches, Interlocked.Read(ref _lost), ex);
    }

    [LoggerMessage(611, LogLevel.Error, "Handing a batch of runner {RunnerId} in session {SessionId} to {Coaches} coach(es) failed ({Total} so far); they miss it, the next batches are still handed over", EventName = "FanOutHandOverFailed")]
    private static partial void LogHandOverFailed(ILogger logger, string sessionId, string runnerId, int coaches, long total, Exception exception);
}
