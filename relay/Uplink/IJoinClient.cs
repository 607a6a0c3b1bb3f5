using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary><c>POST /api/join</c>: first join with the code and a name; rejoin adds the runner id and rejoin secret.</summary>
internal interface IJoinClient
{
    Task<JoinResult> JoinAsync(Uri hubUrl, JoinRequest request, CancellationToken cancellationToken);
}
