using System.Diagnostics;
using System.Net.Sockets;
using MindMuscle.Live.TestKit.Faults;
using static MindMuscle.Live.TestKit.Waiting.Polling;

namespace MindMuscle.Live.Faults.Tests.Faults;

/// <summary>Each fault mode of the proxy against a real echo server over loopback sockets.</summary>
public sealed class TcpFaultProxyTests : IAsyncLifetime
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long we watch for bytes that must not arrive. Absence can only be shown over a window.</summary>
    private static readonly TimeSpan SilenceWindow = TimeSpan.FromMilliseconds(400);

    private readonly TcpEchoServer _echo = new();
    private readonly List<IDisposable> _clients = [];
    private TcpFaultProxy _sut = null!;

    public ValueTask InitializeAsync()
    {
        _sut = TcpFaultProxy.Start(_echo.EndPoint);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _sut.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Fact]
    public async Task PassThrough_EchoRoundTrip_BytesArriveAndAreCounted()
    {
        var stream = await ConnectAsync();
        var payload = Payload(10_000);

        await stream.WriteAsync(payload, Ct);
        var echoed = await ReadExactlyAsync(stream, payload.Length);

        // The proxy counts a chunk after its send completes, which can be just after the other side has read it: in
        // both directions (the echo can come back before the client -> target count is taken).
        await WaitUntilAsync(
            () => _sut.Counters.BytesTargetToClient == payload.Length && _sut.Counters.BytesClientToTarget == payload.Length, StepTimeout, Ct);

        Assert.Equal(payload, echoed);
        var counters = _sut.Counters;
        Assert.Equal(1, counters.ConnectionsAccepted);
        Assert.Equal(1, counters.ConnectionsActive);
        Assert.Equal(payload.Length, counters.BytesClientToTarget);
        Assert.Equal(payload.Length, counters.BytesTargetToClient);
        Assert.Equal(0, counters.FaultsInjected);
    }

    [Fact]
    public async Task DropAll_OpenAndNewConnections_AreResetUntilPassThrough()
    {
        var open = await ConnectAsync();
        await RoundTripAsync(open, 100);

        _sut.DropAll();
        var openFails = await ReadFailsOrEndsAsync(open);
        var freshFails = await ConnectFailsOrIsResetAsync();
        _sut.PassThrough();
        var after = await ConnectAsync();

        Assert.True(openFails, "open connection survived DropAll");
        Assert.True(freshFails, "connection accepted in Drop mode was not reset");
        await RoundTripAsync(after, 100);
        Assert.True(_sut.Counters.ConnectionsReset >= 2);
        Assert.Equal(1, _sut.Counters.FaultsByMode[FaultMode.Drop]);
    }

    [Fact]
    public async Task Stall_ForDuration_HoldsBytesThenDeliversThem()
    {
        var stream = await ConnectAsync();
        await RoundTripAsync(stream, 10);
        var stall = TimeSpan.FromSeconds(1.5);
        var payload = Payload(1000);

        var clock = Stopwatch.StartNew();
        _sut.Stall(stall);
        await stream.WriteAsync(payload, Ct);
        var read = ReadExactlyAsync(stream, payload.Length);
        var earlyWinner = await Task.WhenAny(read, Task.Delay(SilenceWindow, Ct));
        var echoed = await read;
        clock.Stop();

        Assert.NotSame(read, earlyWinner);
        Assert.Equal(payload, echoed);
        Assert.True(clock.Elapsed >= stall - TimeSpan.FromMilliseconds(100), $"stall released after {clock.Elapsed}");
        Assert.Equal(FaultMode.PassThrough, _sut.Mode);
    }

    [Fact]
    public async Task Stall_NewConnectionDuringStall_IsAcceptedAndHeldUntilPassThrough()
    {
        _sut.Stall(TimeSpan.FromMinutes(5));
        var stream = await ConnectAsync();
        await stream.WriteAsync(Payload(10), Ct);
        var read = ReadExactlyAsync(stream, 10);

        var earlyWinner = await Task.WhenAny(read, Task.Delay(SilenceWindow, Ct));
        _sut.PassThrough();

        Assert.NotSame(read, earlyWinner);
        Assert.Equal(Payload(10), await read);
    }

    [Fact]
    public async Task Throttle_BytesPerSecond_BoundsThroughput()
    {
        var stream = await ConnectAsync();
        await RoundTripAsync(stream, 10);
        const int Rate = 20_000;
        var payload = Payload(30_000);

        _sut.Throttle(Rate);
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(payload, Ct);
        var echoed = await ReadExactlyAsync(stream, payload.Length);
        clock.Stop();

        Assert.Equal(payload, echoed);
        // 30 kB at 20 kB/s takes 1.5 s per direction (the directions overlap). Loose bound: at most 2x the rate.
        var observedRate = payload.Length / clock.Elapsed.TotalSeconds;
        Assert.True(observedRate <= 2.0 * Rate, $"observed {observedRate:F0} B/s through a {Rate} B/s throttle");
    }

    [Fact]
    public async Task HalfOpen_Both_KeepsSocketOpenButForwardsNothing()
    {
        var stream = await ConnectAsync();
        await RoundTripAsync(stream, 10);
        var echoBefore = _echo.BytesReceived;

        _sut.HalfOpen();
        await stream.WriteAsync(Payload(500), Ct);
        var read = ReadExactlyAsync(stream, 500);
        var winner = await Task.WhenAny(read, Task.Delay(SilenceWindow, Ct));

        Assert.NotSame(read, winner);
        Assert.Equal(echoBefore, _echo.BytesReceived);
        Assert.Equal(500, _sut.Counters.BytesDiscarded);
        Assert.Equal(1, _sut.Counters.ConnectionsActive);

        _sut.PassThrough();
        await stream.WriteAsync(Payload(500), Ct);
        Assert.Equal(Payload(500), await read);
    }

    [Fact]
    public async Task HalfOpen_TargetToClient_TargetReceivesButClientHearsNothing()
    {
        var stream = await ConnectAsync();
        await RoundTripAsync(stream, 10);
        var echoBefore = _echo.BytesReceived;

        _sut.HalfOpen(FaultDirection.TargetToClient);
        await stream.WriteAsync(Payload(300), Ct);
        var read = ReadExactlyAsync(stream, 1);
        await WaitUntilAsync(() => _echo.BytesReceived == echoBefore + 300, StepTimeout, Ct);
        var winner = await Task.WhenAny(read, Task.Delay(SilenceWindow, Ct));

        Assert.NotSame(read, winner);
        Assert.Equal(300, _sut.Counters.BytesDiscarded);
    }

    [Fact]
    public async Task RefuseNew_NewConnect_IsRefusedWhileOpenConnectionKeepsWorking()
    {
        var open = await ConnectAsync();
        await RoundTripAsync(open, 10);

        _sut.RefuseNew();
        var refused = await Assert.ThrowsAsync<SocketException>(() => ConnectAsync());
        await RoundTripAsync(open, 100);
        _sut.PassThrough();
        var after = await ConnectAsync();

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        await RoundTripAsync(after, 100);
        Assert.Equal(FaultMode.PassThrough, _sut.Mode);
    }

    [Fact]
    public async Task DisposeAsync_WithOpenConnections_ClosesThem()
    {
        var stream = await ConnectAsync();
        await RoundTripAsync(stream, 10);

        await _sut.DisposeAsync();

        Assert.True(await ReadFailsOrEndsAsync(stream));
        Assert.Equal(0, _sut.Counters.ConnectionsActive);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Payload(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31);
        }

        return bytes;
    }

    private async Task<NetworkStream> ConnectAsync()
    {
        var client = new TcpClient { NoDelay = true };
        _clients.Add(client);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(StepTimeout);
        await client.ConnectAsync(_sut.EndPoint, timeout.Token);
        return client.GetStream();
    }

    private static async Task RoundTripAsync(NetworkStream stream, int length)
    {
        var payload = Payload(length);
        await stream.WriteAsync(payload, Ct);
        Assert.Equal(payload, await ReadExactlyAsync(stream, length));
    }

    private static async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer, Ct).AsTask().WaitAsync(StepTimeout, Ct);
        return buffer;
    }

    /// <summary>True when the connection was reset or closed (a read throws or returns 0) within the step timeout.</summary>
    private static async Task<bool> ReadFailsOrEndsAsync(NetworkStream stream)
    {
        try
        {
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, Ct).AsTask().WaitAsync(StepTimeout, Ct);
            return read == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>In Drop mode the RST can race the handshake: the connect itself may already see it.</summary>
    private async Task<bool> ConnectFailsOrIsResetAsync()
    {
        NetworkStream stream;
        try
        {
            stream = await ConnectAsync();
        }
        catch (SocketException)
        {
            return true;
        }

        return await ReadFailsOrEndsAsync(stream);
    }
}
