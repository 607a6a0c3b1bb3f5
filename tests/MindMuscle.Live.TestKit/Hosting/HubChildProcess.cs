using System.Net.Http.Json;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Recording;

namespace MindMuscle.Live.TestKit.Hosting;

/// <summary>
/// The built hub (<see cref="BuildOutput.HubDll"/>) as a child process on 127.0.0.1 over a data folder that outlives
/// it, so it can be SIGKILLed and started again on the same port and recording. The process handling is the load
/// generator's (<see cref="LoopbackHub"/>, compiled in here); its hub.log sits beside the data folder.
/// </summary>
public sealed class HubChildProcess : IAsyncDisposable
{
    public const string CoachKey = "child-hub-coach-key";

    /// <summary>How long a start may take on a loaded 2-core machine (passing tests never wait it out).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _folder;
    private readonly bool _ownsFolder;
    private readonly LoopbackHubOptions _options;
    private LoopbackHub _hub;

    private HubChildProcess(LoopbackHub hub, string folder, bool ownsFolder)
    {
        _hub = hub;
        _options = hub.Options with { Port = hub.Port };
        _folder = folder;
        _ownsFolder = ownsFolder;
        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = HubTimeouts.Step };
    }

    public int Port => _hub.Port;

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    /// <summary>Straight to the hub, not through any proxy: the test's own control channel.</summary>
    public HttpClient Http { get; }

    /// <summary>The hub's data folder (<c>--data</c>).</summary>
    public string DataPath => DataPathIn(_folder);

    /// <summary>The hub's process id, for /proc readings (RSS, fds, threads).</summary>
    public int Pid => _hub.Pid;

    public bool HasExited => _hub.HasExited;

    /// <summary>The last lines of the hub's output (all its starts), for failure messages.</summary>
    public string LogTail(int lines = 30) => _hub.LogTail(lines);

    /// <summary>Starts the hub over a fresh temp folder, deleted on dispose.</summary>
    public static Task<HubChildProcess> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(null, new Dictionary<string, string>(), cancellationToken);

    /// <summary>
    /// Starts the hub over <paramref name="folder"/> (kept on dispose; null: a fresh temp folder, deleted on dispose) with
    /// <paramref name="environment"/> on top of the defaults (configuration such as <c>Hub__JoinPermitLimit</c>, or
    /// <c>Logging__LogLevel__Default</c> instead of the default Warning).
    /// </summary>
    public static async Task<HubChildProcess> StartAsync(
        string? folder, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var owns = folder is null;
        folder ??= Directory.CreateTempSubdirectory("mml-child-hub-").FullName;
        Directory.CreateDirectory(DataPathIn(folder));
        // Quiet by default; a test about the hub's own logging passes its levels in environment.
        var env = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
        foreach (var (name, value) in environment)
        {
            env[name] = value;
        }
        var hub = await LoopbackHub.StartAsync(
            new LoopbackHubOptions
            {
                Dll = BuildOutput.HubDll,
                Folder = folder,
                Args = ["--data", DataPathIn(folder), "--coach-key", CoachKey],
                Environment = env,
                StartTimeout = StartTimeout,
            },
            cancellationToken).WaitAsync(StartTimeout + StartTimeout, cancellationToken);
        return new HubChildProcess(hub, folder, owns);
    }

    /// <summary>SIGKILL: no graceful shutdown, no flush; what SQLite committed is all that survives.</summary>
    public Task KillAsync(CancellationToken cancellationToken) => _hub.KillAsync(cancellationToken);

    /// <summary>
    /// Starts the hub again on the same port and data folder (after <see cref="KillAsync"/>). The port lies outside the
    /// ephemeral range (<see cref="Servers.FreePort"/>), so no port-0 listener or outgoing connection took it meanwhile.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _hub.DisposeAsync();
        _hub = await LoopbackHub.StartAsync(_options, cancellationToken).WaitAsync(StartTimeout + StartTimeout, cancellationToken);
    }

    public async Task<CreateSessionResponse> CreateSessionAsync(string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/sessions") { Content = JsonContent.Create(new CreateSessionRequest { Name = name }) };
        request.Headers.Add("X-Coach-Key", CoachKey);
        using var response = await Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(cancellationToken))!;
    }

    public Task<JoinResponse> JoinAsync(string joinCode, string runnerName, CancellationToken cancellationToken) =>
        JoinAsync(new JoinRequest { JoinCode = joinCode, RunnerName = runnerName }, cancellationToken);

    public async Task<JoinResponse> JoinAsync(JoinRequest join, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync("api/join", join, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JoinResponse>(cancellationToken))!;
    }

    /// <summary>Recorded seqs per runner, read from the hub's SQLite file (WAL readers do not block the hub).</summary>
    public Dictionary<string, List<long>> RecordedSeqs(string sessionId) => RecordingFile.RecordedSeqs(DataPath, sessionId);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _hub.DisposeAsync();
        if (_ownsFolder)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the dying process: the temp folder is cleaned by the OS later.
            }
        }
    }

    private static string DataPathIn(string folder) => Path.Combine(folder, "data");
}
