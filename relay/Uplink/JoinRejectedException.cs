using System.Net;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>The hub refused the join for good (unknown or ended code, wrong rejoin secret): retrying will not help.</summary>
internal sealed class JoinRejectedException(HttpStatusCode status, string detail, bool rejoin)
    : Exception($"The hub refused the join ({(int)status}): {detail}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>Whether the refused join was a rejoin (it named a stored runner id), not a runner's first join.</summary>
    public bool Rejoin { get; } = rejoin;

    /// <summary>The hub's own sentence (its problem detail).</summary>
    public string Detail { get; } = detail;
}
