using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.ReadOnly;

/// <summary>
/// Read-only hub: coaches may watch and replay; a runner cannot connect (it would publish and report cue statuses) and
/// every other method (SendCue, AddMarker, SetAutoCue, Publish) is refused with a <see cref="HubException"/> that says why.
/// </summary>
internal sealed class ReadOnlyHubFilter(HubMetrics metrics) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Context.User.Role() == LiveHubContract.Roles.Runner)
        {
            metrics.ReadOnlyRefused("live");
            throw new HubException(ReadOnlyExtensions.Detail("a runner's connection"));
        }

        await next(context);
    }

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (invocationContext.HubMethodName is LiveHubContract.Watch or LiveHubContract.Unwatch or LiveHubContract.Replay)
        {
            return next(invocationContext);
        }

        metrics.ReadOnlyRefused("live");
        throw new HubException(ReadOnlyExtensions.Detail(invocationContext.HubMethodName));
    }
}
