using System.Net.Sockets;
using System.Net.WebSockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>The network failures a relay expects while the hub is away, and a few words for each on the status line.</summary>
internal static class NetworkErrors
{
    /// <summary>
    /// True for a failure of the link itself (refused, reset, timed out, unreachable), not a bug. A bare IOException or
    /// TimeoutException counts only from the framework's network code (<paramref name="category"/>): from the disk, a file
    /// source or speech it is a fault whose stack trace matters.
    /// </summary>
    public static bool IsExpected(Exception? exception, string? category = null)
    {
        var ioOrTimeout = false;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or WebSocketException or SocketException or TimeoutRejectedException or BrokenCircuitException)
            {
                return true;
            }

            ioOrTimeout |= e is IOException or TimeoutException;
        }

        return ioOrTimeout && IsNetworkCategory(category);
    }

    private static bool IsNetworkCategory(string? category) =>
        category is not null
        && (category.StartsWith("System.Net.", StringComparison.Ordinal) || category.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal));

    /// <summary>A short reason, or null when the failure says nothing new (the breaker refusing while open).</summary>
    public static string? Describe(Exception? exception)
    {
        if (exception is null or BrokenCircuitException)
        {
            return null;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection reset",
                    SocketError.TimedOut => "timed out",
                    SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host not found",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown => "network unreachable",
                    _ => Short(socket.Message),
                };
            }
        }

        return exception switch
        {
            JoinThrottledException => "the hub is rate-limiting joins",
            HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
            TimeoutRejectedException or TimeoutException => "timed out",
            WebSocketException or IOException => "connection lost",
            _ => Short(exception.Message),
        };
    }

    private static string Short(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 80 ? line : line[..77] + "...";
    }
}
