using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

/// <summary>
/// The real hub (hub/bin/&lt;config&gt;/net10.0/MindMuscle.Live.Hub.dll, or MML_HUB_DLL) as a child process on 127.0.0.1
/// with a temp data folder; restartable on the same port and folder.
/// </summary>
internal sealed class HubChildProcess : IAsyncDisposable
{
    public const string CoachKey = "console-e2e-coach-key";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);
    private readonly string _data = Directory.CreateTempSubdirectory("mml-console-e2e-").FullName;
    private readonly string _dll;
    private Process? _process;

    private HubChildProcess(string dll, int port)
    {
        _dll = dll;
        Port = port;
        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public HttpClient Http { get; }

    public static string? FindDll()
    {
        if (Environment.GetEnvironmentVariable("MML_HUB_DLL") is { Length: > 0 } fromEnv)
        {
            return File.Exists(fromEnv) ? fromEnv : null;
        }

        // tests/MindMuscle.Live.CoachConsole.Tests/bin/<config>/net10.0/ -> hub/bin/<config>/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var config = output.Parent!.Name;
        var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "hub", "bin", config, "net10.0", "MindMuscle.Live.Hub.dll");
        return File.Exists(dll) ? dll : null;
    }

    public static async Task<HubChildProcess> StartAsync(CancellationToken cancellationToken)
    {
        var dll = FindDll();
        Assert.SkipWhen(dll is null, "The hub has not been built (hub/bin/<config>/net10.0/MindMuscle.Live.Hub.dll); set MML_HUB_DLL.");
        var hub = new HubChildProcess(dll!, FreePort.Next());
        await hub.StartProcessAsync(cancellationToken);
        return hub;
    }

    public async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { _dll, "--urls", $"http://127.0.0.1:{Port}", "--data", _data, "--coach-key", CoachKey },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _data,
        };
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["MML_COACH_KEY"] = CoachKey;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var health = await Http.GetAsync("healthz", cancellationToken);
                // Healthy and still ours: a kill-and-restart reuses the port, which lies outside the ephemeral range
                // (FreePort) so no port-0 listener or outgoing connection can have taken it meanwhile.
                if (health.IsSuccessStatusCode && !_process.HasExited)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (waited.Elapsed < StartTimeout && !_process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>SIGKILL: no graceful shutdown, as a crash or a pulled plug.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async Task<CreateSessionResponse> CreateSessionAsync(string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/sessions") { Content = JsonContent.Create(new CreateSessionRequest { Name = name }) };
        request.Headers.Add("X-Coach-Key", CoachKey);
        using var response = await Http.SendAsync(request, cancellationToken);
        Assert.SkipWhen(response.StatusCode == HttpStatusCode.NotFound, "This hub build has no session API yet (the scaffold's stub hub).");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(cancellationToken))!;
    }

    public async Task<JoinResponse> JoinAsync(string joinCode, string name, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync("api/join", new JoinRequest { JoinCode = joinCode, RunnerName = name }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JoinResponse>(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying process: the temp folder is cleaned by the OS later.
        }
    }
}
