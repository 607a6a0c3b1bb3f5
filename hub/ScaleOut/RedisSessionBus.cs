using System.Text.Json;
using MindMuscle.Live.Hub.Sessions;
using StackExchange.Redis;

namespace MindMuscle.Live.Hub.ScaleOut;

/// <summary>
/// The session bus over Redis pub/sub: each session has its channel <c>mml:session:{id}</c>; every node subscribes to
/// the pattern once (no Redis round trip when a coach starts watching, so <c>Watch</c> never waits for Redis) and
/// delivers what other nodes publish to its own coaches of that session, in publish order.
/// Publishing is fire-and-forget and skipped while Redis is disconnected: the publish path never waits for Redis.
/// StackExchange.Redis reconnects and resubscribes on its own when Redis comes back.
/// </summary>
internal sealed partial class RedisSessionBus(
    ScaleOutConnection redis, IServiceProvider services, ILogger<RedisSessionBus> logger) : BackgroundService, ISessionBus
{
    public const string ChannelPrefix = "mml:session:";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How long start-up waits for the first subscription before the node serves without the bus for now.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(3);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _published;
    private long _dropped;
    private long _received;

    /// <summary>This node's id: messages carry it so a node skips its own.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N")[..12];

    public bool Enabled => true;

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Messages not sent because Redis was disconnected (other nodes' coaches missed them).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Completes once the node is connected and subscribed to the session channels.</summary>
    public Task Subscribed => _subscribed.Task;

    /// <summary>
    /// Starts the subscription and gives it a few seconds, so a node whose Redis is up forwards from its first request;
    /// when Redis is away the node starts anyway and the subscription completes in the background.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        await Task.WhenAny(_subscribed.Task, Task.Delay(StartWait, cancellationToken));
    }

    public void Publish(string sessionId, SessionBusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mux = redis.Multiplexer;
        if (mux is not { IsConnected: true })
        {
            if (Interlocked.Increment(ref _dropped) % 1000 == 1)
            {
                LogDropped(logger, Dropped);
            }

            return;
        }

        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(message with { Origin = NodeId }, Json);
            mux.GetSubscriber().Publish(RedisChannel.Literal(ChannelPrefix + sessionId), payload, CommandFlags.FireAndForget);
            Interlocked.Increment(ref _published);
        }
        catch (RedisException ex)
        {
            Interlocked.Increment(ref _dropped);
            LogPublishFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribe once; retry until Redis answers (a node may start while Redis is away). After that,
        // StackExchange.Redis restores the subscription on every reconnect by itself.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var mux = await redis.GetAsync(stoppingToken);
                var queue = await mux.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(ChannelPrefix + "*"));
                // A queue (not a concurrent handler) keeps one session's messages in publish order.
                queue.OnMessage(Deliver);
                _subscribed.TrySetResult();
                LogSubscribed(logger, NodeId);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogSubscribeRetry(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Deliver(ChannelMessage message)
    {
        try
        {
            var channel = message.Channel.ToString();
            var sessionId = channel[ChannelPrefix.Length..];
            var registry = services.GetRequiredService<SessionRegistry>();
            if (registry.FindInMemory(sessionId) is not { } session
                || JsonSerializer.Deserialize<SessionBusMessage>((byte[])message.Message!, Json) is not { } m
                || m.Origin == NodeId)
            {
                return;
            }

            Interlocked.Increment(ref _received);
            Apply(registry, session, m, services);
        }
        catch (JsonException ex)
        {
            LogBadMessage(logger, ex);
        }
    }

    /// <summary>Keeps this node's view of the session current (snapshots from here) and feeds its local coaches.</summary>
    private static void Apply(SessionRegistry registry, LiveSession session, SessionBusMessage m, IServiceProvider services)
    {
        switch (m.Kind)
        {
            case SessionBusMessageKind.SessionEnded when m.EndedAt is { } endedAt:
                registry.MarkEnded(session, endedAt);
                break;
            case SessionBusMessageKind.Samples when m.RunnerId is { } runnerId && m.Samples is { Length: > 0 } samples:
                if (session.Runners.TryGetValue(runnerId, out var runner))
                {
                    runner.Presence.SetLatest(samples[^1]);
                }

                session.FanOut.FanOutSamplesLocal(runnerId, samples);
                break;
            case SessionBusMessageKind.Alert when m.Alert is { } alert:
                session.Alerts.Open[alert.AlertId] = alert;
                session.FanOut.BroadcastLocal(c => c.Alert(alert));
                break;
            case SessionBusMessageKind.AlertCleared when m.Alert is { } cleared:
                session.Alerts.Open.TryRemove(cleared.AlertId, out _);
                session.FanOut.BroadcastLocal(c => c.AlertCleared(cleared));
                break;
            case SessionBusMessageKind.RunnerStatus when m.Status is { } status:
                if (session.Runners.TryGetValue(status.RunnerId, out var known))
                {
                    known.Presence.TrySet(status.State);
                }

                session.FanOut.BroadcastLocal(c => c.RunnerStatus(status));
                break;
            case SessionBusMessageKind.CueUpdate when m.Cue is { } cue:
                session.Cues.Remember(cue);
                session.FanOut.BroadcastLocal(c => c.CueUpdate(cue));
                break;
            case SessionBusMessageKind.MarkerAdded when m.Marker is { } marker:
                if (session.Markers.Add(marker))
                {
                    // The runner may publish to this node: its live reps and laps and its alerts follow the marker too
                    // (a marker too late for a track is counted and logged as for one recorded here).
                    services.GetRequiredService<Markers.MarkerService>().Apply(session, marker);
                    session.FanOut.BroadcastLocal(c => c.MarkerAdded(marker));
                }

                break;
            case SessionBusMessageKind.RepCompleted when m.Rep is { } rep:
                session.FanOut.BroadcastLocal(c => c.RepCompleted(rep));
                break;
            case SessionBusMessageKind.LapCompleted when m.Lap is { } lap:
                session.FanOut.BroadcastLocal(c => c.LapCompleted(lap));
                break;
            case SessionBusMessageKind.SessionUpdated when m.Session is { } summary:
                // The runner may publish to this node: its alerts must follow the new mode here too.
                session.SetAutoCue(summary.AutoCue);
                session.FanOut.BroadcastLocal(c => c.SessionUpdated(summary));
                break;
        }
    }
}
