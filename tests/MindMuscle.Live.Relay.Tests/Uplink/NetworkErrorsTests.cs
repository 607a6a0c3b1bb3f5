using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using MindMuscle.Live.Relay.Uplink;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MindMuscle.Live.Relay.Tests.Uplink;

public sealed class NetworkErrorsTests
{
    public static TheoryData<Exception, string> Reasons() => new()
    {
        { new HttpRequestException("Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused)), "connection refused" },
        { new WebSocketException("Unable to connect", new HttpRequestException("x", new SocketException((int)SocketError.ConnectionReset))), "connection reset" },
        { new HttpRequestException("Name or service not known", new SocketException((int)SocketError.HostNotFound)), "host not found" },
        { new HttpRequestException("Service Unavailable", null, HttpStatusCode.ServiceUnavailable), "HTTP 503" },
        { new TimeoutRejectedException("The operation didn't complete within the allowed timeout"), "timed out" },
        { new TimeoutException("Server timeout elapsed without receiving a message from the server."), "timed out" },
        { new JoinThrottledException(TimeSpan.FromSeconds(1)), "the hub is rate-limiting joins" },
        { new WebSocketException(WebSocketError.ConnectionClosedPrematurely), "connection lost" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Describe_NetworkFailure_ShortReason(Exception failure, string reason)
    {
        var described = NetworkErrors.Describe(failure);

        Assert.Equal(reason, described);
    }

    [Fact]
    public void Describe_BreakerOpen_NothingNew()
    {
        var described = NetworkErrors.Describe(new BrokenCircuitException("The circuit is now open"));

        Assert.Null(described);
    }

    [Fact]
    public void Describe_LongMessage_FirstLineCutTo80Characters()
    {
        var described = NetworkErrors.Describe(new InvalidOperationException(new string('x', 200) + "\nsecond line"));

        Assert.Equal(80, described!.Length);
        Assert.EndsWith("...", described, StringComparison.Ordinal);
    }

    [Fact]
    public void IsExpected_NetworkFailuresYes_BugsNo()
    {
        Assert.True(NetworkErrors.IsExpected(new InvalidOperationException("wrapped", new SocketException((int)SocketError.TimedOut))));
        Assert.True(NetworkErrors.IsExpected(new WebSocketException("closed")));
        Assert.True(NetworkErrors.IsExpected(new TimeoutException()));
        Assert.False(NetworkErrors.IsExpected(new InvalidOperationException("a bug")));
        Assert.False(NetworkErrors.IsExpected(new ArgumentException("a bad argument")));
    }
}
