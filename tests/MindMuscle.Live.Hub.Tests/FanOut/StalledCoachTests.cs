using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Sessions;
using static MindMuscle.Live.TestKit.Waiting.Polling;

namespace MindMuscle.Live.Hub.Tests.FanOut;

/// <summary>Timing-sensitive: runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(StalledCoachTests), DisableParallelization = true)]
public sealed class StalledCoachCollection;

[Collection(nameof(StalledCoachTests))]
public sealed class StalledCoachTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Fanout_CoachStopsReadingFor10s_SecondCoachAndAcksStayFast()
    {
        await using var host = HubTestHost.Start(new Dictionary<string, string?>
        {
            ["Hub:CoachQueueSamples"] = "2000",
            ["Hub:CoachSendTimeout"] = "00:00:01",
            ["Hub:CoachAbortAfter"] = "00:01:00",
        });
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var healthy = await host.ConnectAsync(session.CoachToken);
        var received = new Dictionary<long, long>();
        var lastSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Batches = 401; // the last one is due at 10.000 s
        const int PerBatch = 50;
        healthy.On<SamplesFrame>(LiveHubContract.Samples, frame =>
        {
            var at = Stopwatch.GetTimestamp();
            lock (received)
            {
                foreach (var s in frame.Runners.SelectMany(r => r.Samples))
                {
                    received[s.Seq] = at;
                }

                if (received.ContainsKey(Batches * PerBatch))
                {
                    lastSeen.TrySetResult();
                }
            }
        });
        await healthy.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken);
        using var stalled = await StalledWebSocketCoach.ConnectAsync(host.BaseAddress, session.CoachToken, session.SessionId);
        var live = host.Services.GetRequiredService<SessionRegistry>().Find(session.SessionId)!;
        await WaitUntilAsync(() => live.Coaches.Count == 2, HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var stalledSender = live.Coaches.Values.Single(c => c.ConnectionId != healthy.ConnectionId);
        var runner = await host.ConnectAsync(join.RunnerToken, messagePack: true);

        // 401 batches of 50 rich samples every 25 ms (2,000 samples/s for 10 s, ~10 MB of JSON per coach): far more
        // than the socket buffers of a coach that never reads.
        var sentAt = new Dictionary<long, long>();
        var ackMs = new List<double>();
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        for (var b = 0; b < Batches; b++)
        {
            var due = TimeSpan.FromMilliseconds(b * 25) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, TestContext.Current.CancellationToken);
            }

            var batch = new SampleBatch { Samples = [.. Enumerable.Range(0, PerBatch).Select(i => Rich((b * PerBatch) + i + 1, t0 + (b * 25)))] };
            var start = Stopwatch.GetTimestamp();
            sentAt[batch.Samples[^1].Seq] = start;
            await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, batch, TestContext.Current.CancellationToken);
            ackMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        await lastSeen.Task.WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var latencies = sentAt.Select(kv => Stopwatch.GetElapsedTime(kv.Value, received[kv.Key]).TotalMilliseconds).Order().ToArray();
        var p95 = latencies[(int)(latencies.Length * 0.95)];
        var ackP95 = ackMs.Order().ElementAt((int)(ackMs.Count * 0.95));
        output.WriteLine($"healthy coach latency p50 {latencies[latencies.Length / 2]:0.0} ms, p95 {p95:0.0} ms, max {latencies[^1]:0.0} ms; " +
            $"ack p95 {ackP95:0.0} ms; stalled coach: {stalledSender.DroppedTotal} samples dropped, {stalledSender.PendingSamples} pending; run {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(10));
        Assert.Equal(Batches * PerBatch, received.Count);
        Assert.True(p95 < 500, $"healthy coach p95 {p95:0.0} ms");
        Assert.True(ackP95 < 1000, $"ack p95 {ackP95:0.0} ms");
        Assert.True(stalledSender.DroppedTotal > 0, "the stalled coach never lagged: the test did not stall it");
    }

    private static MetricSample Rich(long seq, long at) => new()
    {
        Seq = seq,
        ObservedAt = at,
        HeartRateBpm = 160,
        RrIntervalsMs = [.. Enumerable.Range(0, 32).Select(i => 370.1234 + i)],
        CadenceSpm = 181.5,
        SpeedMps = 4.123,
        StrideLengthM = 1.3634,
        DistanceM = seq * 0.1,
        PowerW = 280,
        GroundContactMs = 231.5,
        VerticalOscillationCm = 8.25,
        GctBalanceLeftPct = 49.7,
        SensorContact = true,
        BatteryPct = 80,
    };

    /// <summary>A coach that handshakes over a raw WebSocket, calls Watch, and then never reads a byte again.</summary>
    private sealed class StalledWebSocketCoach : IDisposable
    {
        private readonly Socket _socket;
        private readonly CancellationTokenSource _stop = new();

        private StalledWebSocketCoach(Socket socket)
        {
            _socket = socket;
            _ = KeepAliveAsync();
        }

        // It still writes SignalR pings (a frozen console whose socket is alive), so the hub's client timeout does not
        // close it: it only never reads.
        private async Task KeepAliveAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), _stop.Token);
                    await _socket.SendAsync(Frame("{\"type\":6}\u001e"), _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        public static async Task<StalledWebSocketCoach> ConnectAsync(Uri baseAddress, string token, string sessionId)
        {
            var ct = TestContext.Current.CancellationToken;
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
            await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, ct);
            var upgrade = $"GET /hubs/live?access_token={Uri.EscapeDataString(token)} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\n" +
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(upgrade), ct);
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                Assert.Equal(1, await socket.ReceiveAsync(one, ct).AsTask().WaitAsync(HubTestHost.Timeout, ct));
                head.Append((char)one[0]);
            }

            Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
            await socket.SendAsync(Frame("{\"protocol\":\"json\",\"version\":1}\u001e"), ct);
            await socket.SendAsync(Frame($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Watch\",\"arguments\":[\"{sessionId}\"]}}\u001e"), ct);
            return new StalledWebSocketCoach(socket);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            _stop.Dispose();
        }

        // A client-to-server WebSocket text frame (masked, as RFC 6455 requires of clients).
        private static byte[] Frame(string text)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            var mask = new byte[] { 1, 2, 3, 4 };
            var frame = new List<byte> { 0x81 };
            if (payload.Length < 126)
            {
                frame.Add((byte)(0x80 | payload.Length));
            }
            else
            {
                frame.Add(0x80 | 126);
                frame.Add((byte)(payload.Length >> 8));
                frame.Add((byte)payload.Length);
            }

            frame.AddRange(mask);
            frame.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i % 4])));
            return [.. frame];
        }
    }
}
