using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Relay.Uplink;

/// <param name="Response">The hub's answer.</param>
/// <param name="HubDate">The response's HTTP Date header (second precision): a first clock-offset guess.</param>
internal sealed record JoinResult(JoinResponse Response, DateTimeOffset? HubDate);
