using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Live;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>Creates the <see cref="CoachSender"/> of a coach connection that starts watching, and reports their queues to the meter.</summary>
internal sealed class CoachSenders
{
    private readonly ConcurrentDictionary<CoachSender, byte> _live = new();
    private readonly IOptions<HubOptions> _options;
    private readonly HubMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<CoachSender> _logger;
    private readonly IHubContext<LiveHub> _hub;

    public CoachSenders(IOptions<HubOptions> options, HubMetrics metrics, TimeProvider time, ILogger<CoachSender> logger, IHubContext<LiveHub> hub)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _hub = hub;
        metrics.ObserveCoachQueues(ReadQueues);
    }

    /// <summary>
    /// A sender for <paramref name="client"/> (asked for on each send) that calls <paramref name="abort"/> when a send stays
    /// stuck; <paramref name="packed"/> sends its frames as <see cref="PackedSamples"/>. A hub client is sent shared frames
    /// as themselves (<see cref="HubCoachClient"/>).
    /// </summary>
    public CoachSender Create(string connectionId, string sessionId, Func<ICoachClient> client, Action abort, bool packed = false)
    {
        foreach (var (closed, _) in _live)
        {
            if (closed.IsClosed)
            {
                _live.TryRemove(closed, out _);
            }
        }

        var hub = _hub;
        Func<ICoachClient> coach = () => client() switch
        {
            ILiveClient live => new HubCoachClient(live, hub.Clients.Client(connectionId)),
            var other => other,
        };
        var sender = new CoachSender(connectionId, sessionId, coach, _options.Value, _metrics, _time, _logger, abort) { Packed = packed };
        _live[sender] = 0;
        return sender;
    }

    private (long Samples, long LongestSamples, long Messages) ReadQueues()
    {
        long samples = 0, longest = 0, messages = 0;
        foreach (var (sender, _) in _live)
        {
            var pending = sender.PendingSamples;
            samples += pending;
            longest = Math.Max(longest, pending);
            messages += sender.PendingMessages;
        }

        return (samples, longest, messages);
    }
}
