using MindMuscle.Live.Bench.Load.Scenarios;

namespace MindMuscle.Live.Bench.Load.Hosting;

/// <summary>
/// The hub under test as a child process on 127.0.0.1, over a fresh data folder it deletes on dispose.
/// Its stdout/stderr go to hub.log in that folder (kept when the run fails, for the post-mortem).
/// </summary>
internal sealed class HubProcess : IAsyncDisposable
{
    private readonly LoopbackHub _hub;
    private bool _keepFolder;

    private HubProcess(LoopbackHub hub, string coachKey, HubKind kind)
    {
        _hub = hub;
        CoachKey = coachKey;
        Kind = kind;
    }

    public HubKind Kind { get; }

    public Uri BaseUri => _hub.BaseUri;

    public string CoachKey { get; }

    public string DataDir => _hub.Options.Folder;

    public int Pid => _hub.Pid;

    public bool HasExited => _hub.HasExited;

    public int? ExitCode => _hub.ExitCode;

    public string LogPath => _hub.LogPath;

    /// <summary>The bare hub's SQLite recording (started with record), or null.</summary>
    public string? RecordingPath { get; private init; }

    public static async Task<HubProcess> StartAsync(
        HubKind kind, string dll, IReadOnlyList<string> extraArgs, bool bareRecord, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException(
                kind == HubKind.Product
                    ? $"product hub not built: {dll} (run: dotnet build hub -c Release), or pass --hub-dll"
                    : $"bare hub not built: {dll} (run: dotnet build bench/MindMuscle.Live.Bench.BareHub -c Release)",
                dll);
        }

        var dataDir = Directory.CreateTempSubdirectory("mml-bench-").FullName;
        var coachKey = "bench-" + Guid.NewGuid().ToString("N");
        var recording = kind == HubKind.Bare && bareRecord ? Path.Combine(dataDir, "bare-recording.db") : null;
        List<string> args = kind == HubKind.Product
            ? ["--data", Path.Combine(dataDir, "data"), "--coach-key", coachKey, .. extraArgs]
            : recording is null ? [.. extraArgs] : ["--record", recording, .. extraArgs];
        // A hub that fails to start leaves its folder behind: hub.log there says why.
        var hub = await LoopbackHub.StartAsync(
            new LoopbackHubOptions
            {
                Dll = dll,
                Name = $"{kind} hub",
                Folder = dataDir,
                Args = args,
                Environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            },
            cancellationToken);
        return new HubProcess(hub, coachKey, kind) { RecordingPath = recording };
    }

    /// <summary>Keep the data folder (and hub.log) after dispose: the run failed and someone will want to look.</summary>
    public void KeepFolder() => _keepFolder = true;

    /// <summary>CPU time (user + system) the hub has used so far, from /proc/&lt;pid&gt;/stat.</summary>
    public TimeSpan CpuTime() => ProcStats.CpuTime(_hub.Pid);

    /// <summary>Peak resident set (VmHWM) so far, bytes.</summary>
    public long PeakRssBytes() => ProcStats.PeakRssBytes(_hub.Pid);

    public string LogTail(int lines = 30) => _hub.LogTail(lines);

    public async ValueTask DisposeAsync()
    {
        // The measurements are taken; the product hub's graceful shutdown is not what is measured here.
        await _hub.DisposeAsync();
        if (!_keepFolder)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp folder is cleaned by the OS eventually.
            }
        }
    }
}
