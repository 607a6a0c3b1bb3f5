using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Tests.Ingest;
using MindMuscle.Live.TestKit;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>The built hub as a child process, killed with SIGKILL (no graceful shutdown) and restarted on its data folder.</summary>
public sealed class HubCrashTests : IDisposable
{
    private const string Key = "crash-test-coach-key";
    private readonly string _data = Directory.CreateTempSubdirectory("mml-hub-crash-").FullName;
    private readonly List<Process> _processes = [];

    [Fact]
    public async Task Recording_HubKilledMidPublishAndRestarted_LosesNothingAcknowledged()
    {
        var ct = TestContext.Current.CancellationToken;
        var (first, http) = await StartHubAsync();
        var session = await CreateSessionAsync(http);
        using var joinResponse = await http.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = session.JoinCode, RunnerName = "Ana" }, ct);
        var join = (await joinResponse.Content.ReadFromJsonAsync<JoinResponse>(ct))!;
        var acked = 0L;
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var publishing = Task.Run(async () =>
        {
            // Publish until the hub dies under us; remember the highest ack that came back.
            for (var seq = 1L; ; seq += 20)
            {
                try
                {
                    var ack = await PostAsync(http, join.RunnerToken, new SampleBatch { Samples = [.. SampleBuilder.Steady(seq, start + (seq * 100), 20, TimeSpan.FromMilliseconds(100))] });
                    Volatile.Write(ref acked, ack.UpTo);
                }
                catch (HttpRequestException)
                {
                    return;
                }
            }
        }, ct);
        var publishedEnough = Stopwatch.StartNew();
        while (Volatile.Read(ref acked) < 400)
        {
            Assert.False(publishing.IsCompleted, "publishing stopped before 400 samples were acknowledged");
            Assert.True(publishedEnough.Elapsed < HubTestHost.Timeout, $"only {Volatile.Read(ref acked)} samples acknowledged in {HubTestHost.Timeout}");
            await Task.Delay(10, ct); // polls a counter the publisher advances; bounded by the two asserts above
        }

        first.Kill();
        await first.WaitForExitAsync(ct).WaitAsync(HubTestHost.Timeout, ct);
        await publishing.WaitAsync(HubTestHost.Timeout, ct);
        http.Dispose();
        var ackedBeforeKill = Volatile.Read(ref acked);

        var (_, http2) = await StartHubAsync();
        using var rejoin = await http2.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = session.JoinCode, RunnerName = "Ana", RunnerId = join.RunnerId, RejoinSecret = join.RejoinSecret }, ct);
        var again = (await rejoin.Content.ReadFromJsonAsync<JoinResponse>(ct))!;
        var resend = await PostAsync(http2, again.RunnerToken, new SampleBatch { Samples = [.. SampleBuilder.Steady(ackedBeforeKill - 9, start, 30, TimeSpan.FromMilliseconds(100))] });
        var seqs = PublishTests.RecordedSeqs(_data, session.SessionId);
        http2.Dispose();

        Assert.Equal(HttpStatusCode.OK, rejoin.StatusCode);
        Assert.Equal(join.RunnerId, again.RunnerId);
        Assert.True(again.LastSeq >= ackedBeforeKill, $"restarted hub knows seq {again.LastSeq}, acked before the kill {ackedBeforeKill}");
        Assert.Equal(ackedBeforeKill + 20, resend.UpTo);
        Assert.Equal(Enumerable.Range(1, (int)resend.UpTo).Select(i => (long)i), seqs);
    }

    private static async Task<CreateSessionResponse> CreateSessionAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new CreateSessionRequest { Name = "crash" }) };
        request.Headers.Add("X-Coach-Key", Key);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(TestContext.Current.CancellationToken))!;
    }

    private static async Task<PublishAck> PostAsync(HttpClient http, string token, SampleBatch batch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest") { Content = JsonContent.Create(batch) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PublishAck>(TestContext.Current.CancellationToken))!;
    }

    private async Task<(Process Process, HttpClient Http)> StartHubAsync()
    {
        // The chosen port can be taken by another process before the hub binds it: then the hub exits, try a fresh one.
        for (var attempt = 1; ; attempt++)
        {
            var started = await TryStartHubAsync(FreePort.Next());
            if (started is { } hub)
            {
                return hub;
            }

            Assert.True(attempt < 3, "the hub child process exited during start-up three times");
        }
    }

    private async Task<(Process Process, HttpClient Http)?> TryStartHubAsync(int port)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MindMuscle.Live.Hub.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}", "--data", _data, "--coach-key", Key },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _data,
        };
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        _processes.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = HubTestHost.Timeout };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var health = await http.GetAsync("/healthz", TestContext.Current.CancellationToken);
                // Healthy and still ours: if our hub lost the port, whatever answers there is someone else's server.
                if (health.IsSuccessStatusCode && !process.HasExited)
                {
                    return (process, http);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet (or exited: checked below).
            }

            if (process.HasExited)
            {
                http.Dispose();
                return null;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(45), "the hub child process did not become healthy in 45 s");
            await Task.Delay(50, TestContext.Current.CancellationToken); // start-up poll interval
        }
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }

            p.Dispose();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
