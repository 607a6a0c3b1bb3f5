using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MindMuscle.Live.TestKit.Faults;

/// <summary>
/// A TCP proxy on 127.0.0.1 that sits between a client (a relay, a coach) and a target (the hub) and injects network
/// faults on command: drop (RST), stall, throttle, half-open black hole, refuse. The mode switches at runtime and
/// applies to open connections as well as new ones. Counts connections and bytes.
/// </summary>
/// <remarks>
/// Faults act where the network would: between the sockets. The client and the target only ever see what a real
/// network shows them (resets, silence, slow bytes, refused connects), never an exception thrown by the proxy.
/// </remarks>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, ProxyConnection> _connections = new();
    private readonly ConcurrentDictionary<FaultMode, long> _faultsByMode = new();
    private readonly Lock _gate = new();
    private readonly Task _acceptLoop;

    private Socket? _listener;
    private volatile ProxyState _state;
    private long _nextId;
    private long _accepted;
    private long _reset;
    private long _upstreamFailures;
    private long _bytesUp;
    private long _bytesDown;
    private long _bytesDiscarded;
    private long _faultsInjected;
    private int _disposed;

    private TcpFaultProxy(string targetHost, int targetPort, TimeProvider time)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _time = time;
        _state = ProxyState.PassThrough();
        _listener = CreateListener(0);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token));
    }

    /// <summary>Where clients connect: 127.0.0.1 and a port the OS picked (kept across Refuse).</summary>
    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>"http://127.0.0.1:port" for HTTP/SignalR clients.</summary>
    public Uri HttpUri => new($"http://127.0.0.1:{Port}");

    /// <summary>The mode in force; a stall whose time is up reads as <see cref="FaultMode.PassThrough"/>.</summary>
    public FaultMode Mode
    {
        get
        {
            var state = _state;
            return state.Mode == FaultMode.Stall && _time.GetUtcNow() >= state.StallUntil ? FaultMode.PassThrough : state.Mode;
        }
    }

    /// <summary>Starts a proxy on 127.0.0.1:0 forwarding to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static TcpFaultProxy Start(string targetHost, int targetPort, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetHost);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetPort);
        return new TcpFaultProxy(targetHost, targetPort, time ?? TimeProvider.System);
    }

    public static TcpFaultProxy Start(IPEndPoint target, TimeProvider? time = null) =>
        Start(target.Address.ToString(), target.Port, time);

    public TcpFaultProxyCounters Counters => new()
    {
        ConnectionsAccepted = Interlocked.Read(ref _accepted),
        ConnectionsActive = _connections.Count,
        ConnectionsReset = Interlocked.Read(ref _reset),
        UpstreamConnectFailures = Interlocked.Read(ref _upstreamFailures),
        BytesClientToTarget = Interlocked.Read(ref _bytesUp),
        BytesTargetToClient = Interlocked.Read(ref _bytesDown),
        BytesDiscarded = Interlocked.Read(ref _bytesDiscarded),
        FaultsInjected = Interlocked.Read(ref _faultsInjected),
        FaultsByMode = new Dictionary<FaultMode, long>(_faultsByMode),
    };

    /// <summary>Forward everything again (ends a stall early, reopens the listener after Refuse).</summary>
    public void PassThrough() => SetState(ProxyState.PassThrough());

    /// <summary>Reset every open connection now, and every new one right after accept, until the mode changes.</summary>
    public void DropAll() => SetState(ProxyState.Of(FaultMode.Drop));

    /// <summary>Hold every connection (open and new) for <paramref name="duration"/>, forwarding nothing; then resume.</summary>
    public void Stall(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        SetState(ProxyState.Of(FaultMode.Stall) with { StallUntil = _time.GetUtcNow() + duration });
    }

    /// <summary>Limit each direction of each connection to <paramref name="bytesPerSecond"/>.</summary>
    public void Throttle(int bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        SetState(ProxyState.Of(FaultMode.Throttle) with { BytesPerSecond = bytesPerSecond });
    }

    /// <summary>Keep sockets open but silently discard bytes in <paramref name="directions"/> (FIN is not passed on either).</summary>
    public void HalfOpen(FaultDirection directions = FaultDirection.Both)
    {
        if (directions == FaultDirection.None)
        {
            throw new ArgumentOutOfRangeException(nameof(directions), "choose at least one direction");
        }

        SetState(ProxyState.Of(FaultMode.HalfOpen) with { Directions = directions });
    }

    /// <summary>Close the listening socket: new connects are refused by the OS; open connections carry on.</summary>
    public void RefuseNew() => SetState(ProxyState.Of(FaultMode.Refuse));

    /// <summary>Resets every open connection once without changing the mode (a one-off network blip).</summary>
    public int ResetOpenConnections()
    {
        var n = 0;
        foreach (var connection in _connections.Values)
        {
            if (connection.Reset())
            {
                Interlocked.Increment(ref _reset);
                n++;
            }
        }

        return n;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _listener?.Dispose();
            _listener = null;
            _state.Changed.TrySetCanceled();
        }

        foreach (var connection in _connections.Values)
        {
            connection.Reset();
        }

        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: the loop ends through cancellation.
        }

        var pending = _connections.Values.Select(c => c.Completion).ToArray();
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void SetState(ProxyState next)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ProxyState previous;
        lock (_gate)
        {
            previous = _state;
            if (next.Mode == FaultMode.Refuse)
            {
                _listener?.Dispose();
                _listener = null;
            }
            else
            {
                // Rebind synchronously so a client connecting right after the switch is not refused.
                _listener ??= CreateListener(EndPoint.Port);
            }

            _state = next;
        }

        if (next.Mode != FaultMode.PassThrough)
        {
            Interlocked.Increment(ref _faultsInjected);
            _faultsByMode.AddOrUpdate(next.Mode, 1, (_, n) => n + 1);
        }

        if (next.Mode == FaultMode.Drop)
        {
            ResetOpenConnections();
        }

        // Wake pumps and the accept loop waiting on the old mode.
        previous.Changed.TrySetResult();
    }

    private static Socket CreateListener(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Reopening the same port after Refuse must not fail on connections still in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(1024);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var state = _state;
            Socket? listener;
            lock (_gate)
            {
                listener = _listener;
            }

            if (listener is null)
            {
                // Refusing: wait for the mode to change (or the proxy to stop).
                await WaitQuietlyAsync(state.Changed.Task, ct).ConfigureAwait(false);
                continue;
            }

            Socket client;
            try
            {
                client = await listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The listener was closed for Refuse or dispose; loop and look at the mode again.
                continue;
            }

            Interlocked.Increment(ref _accepted);
            if (_state.Mode == FaultMode.Drop)
            {
                ResetSocket(client);
                Interlocked.Increment(ref _reset);
                continue;
            }

            var id = Interlocked.Increment(ref _nextId);
            var connection = new ProxyConnection(this, id, client);
            _connections[id] = connection;
            if (_state.Mode == FaultMode.Drop && connection.Reset())
            {
                // DropAll ran between the check above and the registration: it did not see this one.
                Interlocked.Increment(ref _reset);
            }

            connection.Start(ct);
        }
    }

    private static async Task WaitQuietlyAsync(Task signal, CancellationToken ct)
    {
        try
        {
            await signal.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping or the state was cancelled on dispose.
        }
    }

    private static void ResetSocket(Socket socket)
    {
        try
        {
            // Linger 0 turns close into an RST, as a crashed peer or a middlebox timeout would look.
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        socket.Dispose();
    }

    private sealed record ProxyState(FaultMode Mode)
    {
        public DateTimeOffset StallUntil { get; init; }

        public int BytesPerSecond { get; init; }

        public FaultDirection Directions { get; init; }

        public TaskCompletionSource Changed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static ProxyState PassThrough() => new(FaultMode.PassThrough);

        public static ProxyState Of(FaultMode mode) => new(mode);
    }

    private sealed class ProxyConnection(TcpFaultProxy proxy, long id, Socket client)
    {
        private readonly Socket _upstream = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _closed;

        public Task Completion => _done.Task;

        public void Start(CancellationToken ct) => _ = Task.Run(() => RunAsync(ct), CancellationToken.None);

        /// <summary>RSTs both sides; false when already closed.</summary>
        public bool Reset()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return false;
            }

            ResetSocket(client);
            ResetSocket(_upstream);
            return true;
        }

        private async Task RunAsync(CancellationToken ct)
        {
            try
            {
                client.NoDelay = true;
                _upstream.NoDelay = true;
                try
                {
                    await _upstream.ConnectAsync(proxy._targetHost, proxy._targetPort, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    Interlocked.Increment(ref proxy._upstreamFailures);
                    Reset();
                    return;
                }

                var up = PumpAsync(client, _upstream, FaultDirection.ClientToTarget, ct);
                var down = PumpAsync(_upstream, client, FaultDirection.TargetToClient, ct);
                await Task.WhenAll(up, down).ConfigureAwait(false);
                Close();
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Stopping, or reset by a fault before the pumps started.
                Reset();
            }
            finally
            {
                proxy._connections.TryRemove(id, out _);
                _done.TrySetResult();
            }
        }

        private void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                client.Dispose();
                _upstream.Dispose();
            }
        }

        private async Task PumpAsync(Socket from, Socket to, FaultDirection direction, CancellationToken ct)
        {
            var buffer = new byte[BufferSize];
            var throttle = new ThrottleClock(proxy._time);
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        // A half-open black hole swallows the FIN as well: the other side never learns.
                        if (!IsBlackholed(proxy._state, direction))
                        {
                            to.Shutdown(SocketShutdown.Send);
                        }

                        return;
                    }

                    await ForwardAsync(buffer.AsMemory(0, read), to, direction, throttle, ct).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
            {
                // One side went away (or was reset by a fault): take the whole connection down, as a real peer would see.
                Reset();
            }
        }

        private static bool IsBlackholed(ProxyState state, FaultDirection direction) =>
            state.Mode == FaultMode.HalfOpen && (state.Directions & direction) != 0;

        private async Task ForwardAsync(ReadOnlyMemory<byte> data, Socket to, FaultDirection direction, ThrottleClock throttle, CancellationToken ct)
        {
            while (!data.IsEmpty)
            {
                var state = proxy._state;
                switch (state.Mode)
                {
                    case FaultMode.Stall:
                        var left = state.StallUntil - proxy._time.GetUtcNow();
                        if (left > TimeSpan.Zero)
                        {
                            // Hold the bytes; wake when the stall ends or the mode changes, whichever is first.
                            using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct);
                            var delay = Task.Delay(left, proxy._time, wake.Token);
                            await Task.WhenAny(delay, state.Changed.Task).ConfigureAwait(false);
                            await wake.CancelAsync().ConfigureAwait(false);
                            ct.ThrowIfCancellationRequested();
                            continue;
                        }

                        break;

                    case FaultMode.HalfOpen when (state.Directions & direction) != 0:
                        Interlocked.Add(ref proxy._bytesDiscarded, data.Length);
                        return;

                    case FaultMode.Throttle:
                        var chunk = Math.Min(data.Length, Math.Max(1, state.BytesPerSecond / 20));
                        await throttle.WaitForAsync(state, chunk, ct).ConfigureAwait(false);
                        if (!ReferenceEquals(proxy._state, state))
                        {
                            continue;
                        }

                        await SendAllAsync(to, data[..chunk], direction, ct).ConfigureAwait(false);
                        data = data[chunk..];
                        continue;

                    case FaultMode.Drop:
                        // This connection is being reset; nothing more gets through.
                        return;
                }

                await SendAllAsync(to, data, direction, ct).ConfigureAwait(false);
                return;
            }
        }

        private async Task SendAllAsync(Socket to, ReadOnlyMemory<byte> data, FaultDirection direction, CancellationToken ct)
        {
            while (!data.IsEmpty)
            {
                var sent = await to.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
                data = data[sent..];
                Interlocked.Add(ref direction == FaultDirection.ClientToTarget ? ref proxy._bytesUp : ref proxy._bytesDown, sent);
            }
        }
    }

    /// <summary>Per-direction byte budget: a throttle of N B/s allows N × elapsed bytes since the throttle began.</summary>
    private sealed class ThrottleClock(TimeProvider time)
    {
        private ProxyState? _state;
        private long _startTicks;
        private long _sent;

        public async Task WaitForAsync(ProxyState state, int bytes, CancellationToken ct)
        {
            if (!ReferenceEquals(state, _state))
            {
                _state = state;
                _startTicks = time.GetTimestamp();
                _sent = 0;
            }

            var allowedAt = TimeSpan.FromSeconds((double)(_sent + bytes) / state.BytesPerSecond);
            var wait = allowedAt - time.GetElapsedTime(_startTicks);
            _sent += bytes;
            if (wait > TimeSpan.Zero)
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct);
                await Task.WhenAny(Task.Delay(wait, time, wake.Token), state.Changed.Task).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
            }
        }
    }
}
