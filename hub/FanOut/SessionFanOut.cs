using System.Collections.Concurrent;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.ScaleOut;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// A session's watching coaches (one <see cref="CoachSender"/> per connection) and its channel to the coaches on other
/// nodes. Handing a message or samples over never waits for a send.
/// </summary>
internal sealed class SessionFanOut
{
    private readonly ConcurrentDictionary<string, CoachSender> _coaches = new(StringComparer.Ordinal);
    private readonly string _sessionId;
    private readonly ISessionBus _bus;
    private readonly BusCoachClient? _remote;
    private readonly ConcurrentQueue<(string RunnerId, MetricSample[] Samples)> _handOver = new();
    private int _handingOver;
    private long _chunks;

    public SessionFanOut(string sessionId, ISessionBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _sessionId = sessionId;
        _bus = bus;
        _remote = bus.Enabled ? new BusCoachClient(bus, sessionId) : null;
    }

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
        // One thread at a time hands the session's batches over, numbered, so every coach's queue holds them in the same
        // order (coaches that are caught up then send the very frame another coach cut: SessionChunk). A publisher never
        // waits for it: it queues its batch and hands over only if nobody is; whoever is hands over every batch queued,
        // and looks again after leaving. A runner's batches arrive here in seq order (its publish lock), so stay in it.
        _handOver.Enqueue((runnerId, samples));
        while (!_handOver.IsEmpty && Interlocked.CompareExchange(ref _handingOver, 1, 0) == 0)
        {
            try
            {
                while (_handOver.TryDequeue(out var next))
                {
                    HandOver(next.RunnerId, next.Samples);
                }
            }
            finally
            {
                Volatile.Write(ref _handingOver, 0);
            }
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

        var frame = plain > 1 || packed > 1 ? SharedFrames.Create(_sessionId, runnerId, samples) : null;
        var chunk = new SessionChunk(++_chunks, frame, plain > 1, packed > 1);
        foreach (var (_, coach) in _coaches)
        {
            coach.EnqueueSamples(runnerId, samples, chunk);
        }
    }
}
