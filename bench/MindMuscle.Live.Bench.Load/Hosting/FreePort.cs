using System.Net;
using System.Net.Sockets;

namespace MindMuscle.Live.Bench.Load.Hosting;

/// <summary>
/// Finds loopback TCP ports for servers started on a port chosen beforehand (a child process, a restart on the same port).
/// Also compiled into the test kit (tests/MindMuscle.Live.TestKit), which serves it to the tests: a product tool cannot
/// reference tests, so the one implementation lives here.
/// </summary>
internal static class FreePort
{
    private const int LowestPort = 10_000;

    /// <summary>
    /// A loopback port that is free now and lies outside the kernel's ephemeral range, so no port-0 bind (Kestrel in a
    /// parallel test) and no outgoing connection's local port can take it, also not while a server that owns it is
    /// stopped and restarted on it (outage tests). Another process choosing explicit ports can still take it between
    /// this call and the bind, so servers started on it retry with a fresh port when the bind fails (the fixtures here do).
    /// </summary>
    public static int Next()
    {
        var (low, high) = EphemeralRange();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = low - LowestPort >= 1_000
                ? Random.Shared.Next(LowestPort, low)
                : Random.Shared.Next(Math.Min(high + 1, 65_535), 65_536);
            if (CanBind(port))
            {
                return port;
            }
        }

        // Everything outside the range looked busy: fall back to a port the OS hands out.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var any = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return any;
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The kernel's ephemeral port range (Linux), or the IANA dynamic range elsewhere.</summary>
    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2
                && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var low)
                && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var high))
            {
                return (low, high);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return (49_152, 65_535);
    }
}
