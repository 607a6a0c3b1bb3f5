using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Relay.Hosting;

namespace MindMuscle.Live.Relay.Tests.Hosting;

public sealed class RelayLogFormatterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 21, 14, 3, TimeSpan.Zero));

    [Fact]
    public void Write_ExpectedNetworkError_OneLineNamingItWithoutStackTrace()
    {
        var failure = Thrown(new HttpRequestException("Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused)));

        var text = Format(LogLevel.Error, "Microsoft.AspNetCore.Http.Connections.Client.HttpConnection", 11, "Failed to start connection.", failure);

        Assert.Equal(
            "21:14:03 fail: Microsoft.AspNetCore.Http.Connections.Client.HttpConnection[11] Failed to start connection."
            + " (HttpRequestException: Connection refused (127.0.0.1:1) <- SocketException: Connection refused)" + Environment.NewLine,
            text);
    }

    [Fact]
    public void Write_UnexpectedError_KeepsItsStackTrace()
    {
        var failure = Thrown(new InvalidOperationException("a bug"));

        var text = Format(LogLevel.Error, "MindMuscle.Live.Relay.Hosting.RelayService", 400, "relay run failed", failure);

        Assert.StartsWith("21:14:03 fail: MindMuscle.Live.Relay.Hosting.RelayService[400] relay run failed" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_DiskIoErrorFromTheRelay_KeepsItsStackTrace()
    {
        var failure = Thrown(new IOException("No space left on device"));

        var text = Format(LogLevel.Error, "MindMuscle.Live.Relay.Outbox.SqliteOutbox", 300, "append failed", failure);

        Assert.Contains("IOException: No space left on device", text, StringComparison.Ordinal);
        Assert.Contains("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TransportIoErrorFromTheFramework_OneLineWithoutStackTrace()
    {
        var failure = Thrown(new IOException("The remote party closed the WebSocket connection"));

        var text = Format(LogLevel.Warning, "Microsoft.AspNetCore.SignalR.Client.HubConnection", 57, "Connection lost.", failure);

        Assert.Equal(
            "21:14:03 warn: Microsoft.AspNetCore.SignalR.Client.HubConnection[57] Connection lost."
            + " (IOException: The remote party closed the WebSocket connection)" + Environment.NewLine,
            text);
    }

    private string Format(LogLevel level, string category, int eventId, string message, Exception? exception)
    {
        var sut = new RelayLogFormatter(_time);
        using var writer = new StringWriter();
        sut.Write(new LogEntry<string>(level, category, new EventId(eventId), message, exception, (s, _) => s), null, writer);
        return writer.ToString();
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
