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
        Assert.True(NetworkErrors.IsExpected(new TimeoutException(), "Microsoft.AspNetCore.SignalR.Client.HubConnection"));
        Assert.False(NetworkErrors.IsExpected(new InvalidOperationException("a bug")));
        Assert.False(NetworkErrors.IsExpected(new ArgumentException("a bad argument")));
    }

    [Theory]
    [InlineData("System.Net.Http.HttpClient.Default.LogicalHandler")]
    [InlineData("Microsoft.AspNetCore.Http.Connections.Client.HttpConnection")]
    public void IsExpected_BareIoOrTimeoutFromTheFrameworksNetworkCode_Yes(string category)
    {
        Assert.True(NetworkErrors.IsExpected(new IOException("Unable to read data from the transport connection"), category));
        Assert.True(NetworkErrors.IsExpected(new InvalidOperationException("wrapped", new TimeoutException()), category));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("MindMuscle.Live.Relay.Outbox.SqliteOutbox")]
    [InlineData("MindMuscle.Live.Relay.Speech.SpeechQueue")]
    public void IsExpected_BareIoOrTimeoutFromDiskFileOrSpeech_No(string? category)
    {
        Assert.False(NetworkErrors.IsExpected(new IOException("No space left on device"), category));
        Assert.False(NetworkErrors.IsExpected(new InvalidOperationException("wrapped", new FileNotFoundException("run.csv")), category));
        Assert.False(NetworkErrors.IsExpected(new TimeoutException("espeak did not finish"), category));
    }

    [Fact]
    public void IsExpected_IoWithANetworkCauseFromAnyCategory_Yes()
    {
        var reset = new IOException("Unable to read data from the transport connection", new SocketException((int)SocketError.ConnectionReset));

        Assert.True(NetworkErrors.IsExpected(reset, "MindMuscle.Live.Relay.Uplink.HubLink"));
        Assert.True(NetworkErrors.IsExpected(new IOException("closed", new WebSocketException("closed"))));
    }
}
