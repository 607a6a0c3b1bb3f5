using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MindMuscle.Live.Hub.Tests.FanOut;

/// <summary>
/// The JSON hub protocol options exactly as the real hub builds them (every feature's configuration applied), taken
/// from one started hub shared by a test class.
/// </summary>
public sealed class HostJsonProtocolFixture : IAsyncDisposable
{
    private readonly HubTestHost _host = HubTestHost.Start();

    public JsonHubProtocolOptions Options => _host.Services.GetRequiredService<IOptions<JsonHubProtocolOptions>>().Value;

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
