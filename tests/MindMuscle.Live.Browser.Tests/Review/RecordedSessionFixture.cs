using System.Net.Http.Json;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Browser.Tests.Review;

/// <summary>
/// A recorded session for the review pages' tests: the hub and Chromium (<see cref="WebAppFixture"/>), the real relay
/// with two simulated runners until Ana's imbalance alert (her left share falls to 44 % twenty seconds in) is recorded,
/// then the relay stops and the session ends, so the pages read a finished recording.
/// </summary>
public sealed class RecordedSessionFixture : IAsyncLifetime
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

    /// <summary>Warm-up, the scenario's 20 s and the rule's window, on a loaded machine: well under this.</summary>
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(150);

    private readonly string _folder = Directory.CreateTempSubdirectory("mml-browser-review-").FullName;

    public WebAppFixture App { get; } = new();

    public CreateSessionResponse Session { get; private set; } = new();

    /// <summary>Runner id by name (Ana, Ben).</summary>
    public IReadOnlyDictionary<string, string> Runners { get; private set; } = new Dictionary<string, string>();

    /// <summary>Ana's recorded imbalance alert.</summary>
    public FormAlert Alert { get; private set; } = new();

    public async ValueTask InitializeAsync()
    {
        await App.InitializeAsync();
        if (App.Missing is not null)
        {
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        Session = await App.Hub.CreateSessionAsync(new CreateSessionRequest
        {
            Name = "Thursday tempo",
            AutoCue = AutoCueMode.Suggest,
            HrMaxBpm = 190,
            AlertSettings = new AlertSettings { WarmupSeconds = 5, WarmupDistanceM = 10, WindowSeconds = 5, ImbalanceSeconds = 5 },
        });
        var scenario = Path.Combine(_folder, "imbalance-soon.json");
        await File.WriteAllTextAsync(scenario, ImbalanceScenario, ct);
        using (var relay = ChildProcess.Start(
            "dotnet",
            [
                BuildOutput.RelayDll, "run", "--hub", App.Hub.BaseUrl.ToString().TrimEnd('/'), "--join", Session.JoinCode,
                "--name", "Ana,Ben", "--runners", "2", "--source", $"sim:{scenario},steady", "--speech", "console",
                "--data", Path.Combine(_folder, "relay"), "--json",
            ],
            _folder))
        {
            await Polling.WaitUntilAsync(
                async _ => (await App.Hub.ListSessionsAsync()).Single(s => s.SessionId == Session.SessionId) is { RunnerCount: 2 },
                () => $"relay output:\n{relay.RecentOutput}",
                HubChildProcess.StartTimeout,
                ct);
            Runners = await App.Hub.RunnerIdsAsync(Session.SessionId);
            await Polling.WaitUntilAsync(
                async _ => (await AlertsAsync()).Any(a => a.Kind == AlertKind.Imbalance && a.RunnerId == Runners["Ana"]),
                () => $"no imbalance alert for Ana; relay output:\n{relay.RecentOutput}",
                AlertTimeout,
                ct);
        }

        await App.Hub.EndSessionAsync(Session.SessionId);
        Alert = (await AlertsAsync()).First(a => a.Kind == AlertKind.Imbalance && a.RunnerId == Runners["Ana"]);
    }

    /// <summary>The runner's review page opened by the coach (the coach URL's token in the fragment).</summary>
    public string CoachRunnerUrl(string runnerId) => $"/sessions/{Session.SessionId}/runners/{runnerId}#token={Session.CoachToken}";

    /// <summary>A share link scoped to <paramref name="runnerId"/> (<c>POST /api/sessions/{id}/shares</c>): its token.</summary>
    public async Task<string> ShareTokenAsync(string runnerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{Session.SessionId}/shares")
        {
            Content = JsonContent.Create(new CreateShareRequest { RunnerId = runnerId }),
        };
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await App.Hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var share = (await response.Content.ReadFromJsonAsync<ShareCreated>(TestContext.Current.CancellationToken))!;
        return Uri.UnescapeDataString(share.Url[(share.Url.IndexOf("#share=", StringComparison.Ordinal) + "#share=".Length)..]);
    }

    private async Task<FormAlert[]> AlertsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/sessions/{Session.SessionId}/alerts");
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await App.Hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<FormAlert[]>(TestContext.Current.CancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
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
