using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Browser.Tests.Live;

/// <summary>
/// A running session for the live view's tests: the hub and Chromium (<see cref="WebAppFixture"/>), a session with
/// suggested cues and a short warm-up, and the real relay (its build output) with two simulated runners over
/// SignalR: Ana's left share falls to 44 % twenty seconds in (an imbalance alert with its suggested cue about half a
/// minute in), Ben runs steady. The relay prints cues instead of speaking them and reports them spoken.
/// </summary>
public sealed class LiveSessionFixture : IAsyncLifetime
{
    private const string ImbalanceScenario =
        """
        {
          "name": "imbalance-soon",
          "description": "Fast runner; left share falls to 44 % at 0:20 and stays (browser tests).",
          "duration": "20:00",
          "runner": { "pace": "3:28", "cadence": 182, "hr": 166, "vo": 8.0, "gct": 215 },
          "events": [ { "at": "00:20", "over": "2s", "balanceLeft": 44, "label": "left side works less" } ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("mml-browser-live-").FullName;
    private ChildProcess? _relay;

    public WebAppFixture App { get; } = new();

    public CreateSessionResponse Session { get; private set; } = new();

    /// <summary>Runner id by name (Ana, Ben).</summary>
    public IReadOnlyDictionary<string, string> Runners { get; private set; } = new Dictionary<string, string>();

    /// <summary>What the relay printed lately (cues it spoke, its errors), for failure messages.</summary>
    public string RelayOutput => _relay?.RecentOutput ?? "";

    public async ValueTask InitializeAsync()
    {
        await App.InitializeAsync();
        if (App.Missing is not null)
        {
            return;
        }

        // Alerts within a test's patience: a 10 m / 5 s warm-up and a 5 s window instead of 400 m / 3 min and 20 s.
        Session = await App.Hub.CreateSessionAsync(new CreateSessionRequest
        {
            Name = "Tuesday 6x800",
            AutoCue = AutoCueMode.Suggest,
            HrMaxBpm = 190,
            AlertSettings = new AlertSettings { WarmupSeconds = 5, WarmupDistanceM = 10, WindowSeconds = 5, ImbalanceSeconds = 5 },
        });
        var scenario = Path.Combine(_folder, "imbalance-soon.json");
        await File.WriteAllTextAsync(scenario, ImbalanceScenario, TestContext.Current.CancellationToken);
        _relay = ChildProcess.Start(
            "dotnet",
            [
                BuildOutput.RelayDll, "run", "--hub", App.Hub.BaseUrl.ToString().TrimEnd('/'), "--join", Session.JoinCode,
                "--name", "Ana,Ben", "--runners", "2", "--source", $"sim:{scenario},steady", "--speech", "console",
                "--data", Path.Combine(_folder, "relay"), "--json",
            ],
            _folder);
        await Polling.WaitUntilAsync(
            async _ => (await App.Hub.ListSessionsAsync()).Single(s => s.SessionId == Session.SessionId) is { RunnerCount: 2, SampleCount: > 0 },
            () => $"relay output:\n{RelayOutput}",
            HubChildProcess.StartTimeout,
            TestContext.Current.CancellationToken);
        Runners = await App.Hub.RunnerIdsAsync(Session.SessionId);
    }

    public async ValueTask DisposeAsync()
    {
        _relay?.Dispose();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The relay's outbox may still be held by the dying process; the OS cleans temp folders.
        }
    }
}
