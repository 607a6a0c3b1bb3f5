using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MindMuscle.Live.Deployment.Tests.Deploy;

/// <summary>
/// A real HTTP/1.x server on 127.0.0.1:0 that answers every request with a fixed status and its own name as the body,
/// closing the connection after each answer: a stand-in hub node for proxy and healthcheck tests.
/// </summary>
internal sealed class TinyHttpBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly string _name;
    private readonly int _status;

    public TinyHttpBackend(string name, int status = 200)
    {
        _name = name;
        _status = status;
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = AnswerAsync(client, ct);
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                // Headers only: the tests send no request bodies.
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(ct)))
                {
                }

                var body = Encoding.UTF8.GetBytes(_name);
                var head = $"HTTP/1.1 {_status} {(_status == 200 ? "OK" : "Unavailable")}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
                await stream.WriteAsync(body, ct);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // The client went away; nothing to answer.
            }
        }
    }
}
