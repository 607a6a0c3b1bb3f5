using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Faults.Tests.Scenarios;

/// <summary>
/// The built hub (MindMuscle.Live.Hub.dll next to the tests) as a child process on 127.0.0.1 over a data folder that
/// outlives it, so it can be SIGKILLed and started again on the same recording.
/// </summary>
internal sealed class HubProcess : IAsyncDisposable
{
    public const string CoachKey = "faults-suite-coach-key";
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    private readonly Process _process;

    private HubProcess(Process process, int port, string dataPath)
    {
        _process = process;
        Port = port;
        DataPath = dataPath;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };
    }

    public int Port { get; }

    public string DataPath { get; }

    /// <summary>Straight to the hub, not through any proxy: the test's own control channel.</summary>
    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The hub's process id, for the soak's /proc readings (RSS, fds, threads).</summary>
    public int Pid => _process.Id;

    /// <summary>Starts the hub on <paramref name="port"/> (a free one when 0); a restart passes the old port so a proxy in front still reaches it.</summary>
    public static async Task<HubProcess> StartAsync(string dataPath, int port, CancellationToken ct)
    {
        port = port == 0 ? FreePort() : port;
        var dll = Path.Combine(AppContext.BaseDirectory, "MindMuscle.Live.Hub.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}", "--data", dataPath, "--coach-key", CoachKey },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataPath,
        };
        info.Environment["Logging__LogLevel__Default"] = "Warning";

        // All runners join from 127.0.0.1: lift the per-address join limit (its own test is the hostile-client suite's).
        info.Environment["Hub__JoinPermitLimit"] = "10000";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var hub = new HubProcess(process, port, dataPath);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var health = await hub.Http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
                if (health.IsSuccessStatusCode)
                {
                    return hub;
                }
            }
            catch (HttpRequestException) when (waited.Elapsed < StartTimeout && !process.HasExited)
            {
                await Task.Delay(50, ct);
            }
        }
    }

    /// <summary>SIGKILL: no graceful shutdown, no flush; what SQLite committed is all that survives.</summary>
    public async Task KillAsync(CancellationToken ct)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    public async Task<CreateSessionResponse> CreateSessionAsync(string name, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new CreateSessionRequest { Name = name }) };
        request.Headers.Add("X-Coach-Key", CoachKey);
        using var response = await Http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(ct))!;
    }

    public async Task<JoinResponse> JoinAsync(JoinRequest join, CancellationToken ct)
    {
        using var response = await Http.PostAsJsonAsync("/api/join", join, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JoinResponse>(ct))!;
    }

    /// <summary>Recorded seqs per runner, read from the hub's SQLite file (WAL readers do not block the hub).</summary>
    public Dictionary<string, List<long>> RecordedSeqs(string sessionId) => TestKit.Recording.RecordingFile.RecordedSeqs(DataPath, sessionId);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
