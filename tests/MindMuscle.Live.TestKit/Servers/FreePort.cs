using System.Net;
using System.Net.Sockets;

namespace MindMuscle.Live.TestKit.Servers;

/// <summary>
/// Finds loopback TCP ports for servers that, unlike Kestrel, cannot be told to listen on port 0. The choice itself is
/// the load generator's (bench/MindMuscle.Live.Bench.Load/Hosting/FreePort.cs, compiled in here): one implementation.
/// </summary>
public static class FreePort
{
    /// <inheritdoc cref="Bench.Load.Hosting.FreePort.Next"/>
    public static int Next() => Bench.Load.Hosting.FreePort.Next();

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            // A port in the ephemeral range with nothing listening can be "connected" to itself (TCP simultaneous
            // open: the kernel picks that very port as the client's source); that is no listener.
            return client.Client.LocalEndPoint is not IPEndPoint local || local.Port != port;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
