using System.Net;
using System.Net.Sockets;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.Servers;

public sealed class FreePortTests
{
    [Fact]
    public void Next_Called_ReturnsALoopbackPortThatCanBeBound()
    {
        var port = FreePort.Next();

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Assert.Equal(port, ((IPEndPoint)listener.LocalEndpoint).Port);
    }

    [Fact]
    public async Task IsListeningAsync_OpenThenClosedListener_TellsThemApart()
    {
        var ct = TestContext.Current.CancellationToken;
        // Not port 0: a closed ephemeral port can be handed to another process's port-0 listener before the probe.
        var port = FreePort.Next();
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();

        var whileOpen = await FreePort.IsListeningAsync(port, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        listener.Stop();
        var afterStop = await FreePort.IsListeningAsync(port, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.True(whileOpen);
        Assert.False(afterStop);
    }
}
