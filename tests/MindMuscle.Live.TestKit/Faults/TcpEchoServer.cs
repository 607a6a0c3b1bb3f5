using System.Net;
using System.Net.Sockets;

namespace MindMuscle.Live.TestKit.Faults;

/// <summary>A loopback TCP echo server (127.0.0.1:0) that counts what it received; the far end of proxy tests.</summary>
public sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _clients = [];
    private readonly Lock _gate = new();
    private readonly Task _acceptLoop;
    private long _bytesReceived;
    private long _connections;

    public TcpEchoServer()
    {
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token));
    }

    public IPEndPoint EndPoint { get; }

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public long Connections => Interlocked.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        Task[] clients;
        lock (_gate)
        {
            clients = [.. _clients, _acceptLoop];
        }

        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_gate)
            {
                _clients.Add(EchoAsync(socket, ct));
            }
        }
    }

    private async Task EchoAsync(Socket socket, CancellationToken ct)
    {
        using (socket)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        socket.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    Interlocked.Add(ref _bytesReceived, read);
                    var data = buffer.AsMemory(0, read);
                    while (!data.IsEmpty)
                    {
                        data = data[await socket.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false)..];
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
            {
                // Peer reset or server stopping.
            }
        }
    }
}
