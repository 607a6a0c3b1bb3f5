using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>Creates the <see cref="CoachSender"/> of a coach connection that starts watching.</summary>
internal sealed class CoachSenders(IOptions<HubOptions> options, HubMetrics metrics, TimeProvider time, ILogger<CoachSender> logger)
{
    /// <summary>A sender for <paramref name="client"/> (asked for on each send) that calls <paramref name="abort"/> when a send stays stuck.</summary>
    public CoachSender Create(string connectionId, string sessionId, Func<ICoachClient> client, Action abort) =>
        new(connectionId, sessionId, client, options.Value, metrics, time, logger, abort);
}
