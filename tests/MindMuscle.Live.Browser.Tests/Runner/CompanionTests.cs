using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Runner;

/// <summary>
/// The runner companion end to end: a phone-sized page joins through the join URL, reads an emulated heart-rate strap
/// over Web Bluetooth, and the hub's recording holds every reading once, in seq order, across a reload. Cues reach a
/// recording stub of <c>speechSynthesis</c> (headless Chromium has no voices) and the coach sees them spoken.
/// </summary>
[Collection(nameof(CompanionCollection))]
public sealed partial class CompanionTests(CompanionFixture app) : IClassFixture<CompanionFixture>, IAsyncDisposable
{
    private const float StepTimeoutMs = 60_000; // as BrowserTest: the app boots in a fresh context
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Records what the page asks the browser to say and ends each utterance at once, as a phone would after speaking it;
    // an utterance starting "Hold" goes on until the test calls window.__release() (a long cue that blocks speech).
    private const string SpeechStub =
        """
        window.__spoken = [];
        const fakeSpeech = {
          speak(u) {
            window.__spoken.push(u.text);
            const end = () => u.onend && u.onend(new Event('end'));
            if (u.text.startsWith('Hold')) { window.__release = end; } else { setTimeout(end, 20); }
          },
          cancel() {}, pause() {}, resume() {}, getVoices() { return []; }, speaking: false, pending: false, paused: false,
        };
        Object.defineProperty(window, 'speechSynthesis', { value: fakeSpeech, configurable: true });
        """;

    private IBrowserContext? _context;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Join_StrapNotifications_RecordedOnceInSeqOrderAcrossAReloadAndCuesSpoken()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion run", Ct);
        await using var strap = await EmulatedSensor.HeartRateStrapAsync(app.Browser, "09:09:09:09:09:01", "HRM-Pro 4242");
        var page = await NewPhonePageAsync();
        await strap.AttachToAsync(_context!, page);

        // Join through the join URL the coach's QR code carries.
        Assert.NotNull(session.JoinUrl);
        await page.GotoAsync(session.JoinUrl);
        await page.Locator("[name=runnerName]").FillAsync("Ana");
        await page.Locator("[data-action=join]").ClickAsync();
        await Expect(page.Locator("[data-connection=connected]")).ToBeVisibleAsync();
        var runnerId = await page.Locator("[data-runner-screen]").GetAttributeAsync("data-runner-id");
        Assert.False(string.IsNullOrEmpty(runnerId));

        await page.Locator("[data-action=connect-sensors]").ClickAsync();
        await Expect(page.Locator("[data-sensor-state=connected]")).ToBeVisibleAsync();

        int[] first = [141, 142, 143, 144, 145];
        await NotifyAsync(page, strap, first);
        await WaitForSeqsAsync(session.SessionId, runnerId!, 5, strap);

        // A truncated payload (flags say uint16 bpm, one byte follows) is counted and shown; the page goes on.
        strap.Queue([0x01, 0x8C]);
        await ReadAllAsync(page);
        await Expect(page.Locator("[data-malformed='1']")).ToBeVisibleAsync();

        // A reload comes back as the same runner (identity in local storage) and continues the seqs.
        await page.ReloadAsync();
        // The chooser's DevTools domain does not outlive the document: enable it again for the new one.
        await strap.AttachToAsync(_context!, page);
        await Expect(page.Locator("[data-connection=connected]")).ToBeVisibleAsync();
        Assert.Equal(runnerId, await page.Locator("[data-runner-screen]").GetAttributeAsync("data-runner-id"));
        await page.Locator("[data-action=connect-sensors]").ClickAsync();
        await Expect(page.Locator("[data-sensor-state=connected]")).ToBeVisibleAsync();
        int[] second = [150, 151, 152];
        await NotifyAsync(page, strap, second);
        await WaitForSeqsAsync(session.SessionId, runnerId!, 8, strap);

        var recorded = await RecordedHeartRatesAsync(session.SessionId, runnerId!);
        Assert.Equal([.. first, .. second], recorded);
        Assert.Single(await app.Hub.RunnerIdsAsync(session.SessionId));
        await Expect(page.Locator("[data-outbox-depth='0']")).ToBeVisibleAsync();

        // A coach's cue, sent through the hub, is handed to speech and the coach sees it spoken.
        await using var coach = await CoachAsync(session);
        var cueIds = await coach.InvokeAsync<string[]>(
            LiveHubContract.SendCue, new CueRequest { RunnerId = runnerId, Text = "Relax your shoulders" }, Ct);
        var cueId = Assert.Single(cueIds);
        await Polling.WaitUntilAsync(
            async _ => (await CuesAsync(session.SessionId)).Any(c => c.CueId == cueId && c.Status == CueStatus.Spoken),
            () => "the cue was not reported spoken",
            Patience,
            Ct);
        Assert.Equal(["Relax your shoulders"], await page.EvaluateAsync<string[]>("() => window.__spoken"));
        await Expect(page.Locator("[data-last-cue]")).ToContainTextAsync("Relax your shoulders");
    }

    [Fact]
    public async Task StrapDisconnects_PageSaysSoReconnectsItselfAndReadingsGoOn()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion strap drop", Ct);
        await using var strap = await EmulatedSensor.HeartRateStrapAsync(app.Browser, "09:09:09:09:09:02", "HRM-Dual 7");
        var page = await NewPhonePageAsync();
        await strap.AttachToAsync(_context!, page);
        await page.GotoAsync(session.JoinUrl!);
        await page.Locator("[name=runnerName]").FillAsync("Ben");
        await page.Locator("[data-action=join]").ClickAsync();
        await Expect(page.Locator("[data-connection=connected]")).ToBeVisibleAsync();
        var runnerId = await page.Locator("[data-runner-screen]").GetAttributeAsync("data-runner-id");
        await page.Locator("[data-action=connect-sensors]").ClickAsync();
        await Expect(page.Locator("[data-sensor-state=connected]")).ToBeVisibleAsync();
        await NotifyAsync(page, strap, [130, 131]);

        await strap.DisconnectAsync();

        // The page says the strap is lost, then connects it again by itself (no tap) and readings go on.
        await Expect(page.Locator("[data-sensor-state=reconnecting]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-sensor-state=connected]")).ToBeVisibleAsync();
        await NotifyAsync(page, strap, [132, 133]);
        await WaitForSeqsAsync(session.SessionId, runnerId!, 4, strap);
        var recorded = await RecordedHeartRatesAsync(session.SessionId, runnerId!);
        Assert.Equal([130, 131, 132, 133], recorded);
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }

    /// <param name="serviceWorkers">
    /// Block to let the test's routes see every request: the app shell's service worker answers the page's fetches
    /// (negotiate and long polling included), and what it fetches no page route intercepts.
    /// </param>
    private async Task<IPage> NewPhonePageAsync(ServiceWorkerPolicy serviceWorkers = ServiceWorkerPolicy.Allow)
    {
        _context = await app.Browser.NewContextAsync(new()
        {
            ViewportSize = BrowserTest.Phone,
            BaseURL = app.Hub.BaseUrl.ToString(),
            HasTouch = true,
            ServiceWorkers = serviceWorkers,
        });
        SetDefaultExpectTimeout(StepTimeoutMs);
        _context.SetDefaultTimeout(StepTimeoutMs);
        await _context.AddInitScriptAsync(SpeechStub);
        return await _context.NewPageAsync();
    }

    /// <summary>One notification per value, each seen on the screen before the next (so their order is the strap's).</summary>
    private static async Task NotifyAsync(IPage page, EmulatedSensor strap, int[] bpms)
    {
        foreach (var bpm in bpms)
        {
            strap.Queue(EmulatedSensor.HeartRate(bpm));
            await ReadAllAsync(page);
            await Expect(page.Locator("[data-metric=hr]")).ToHaveTextAsync(bpm.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static async Task ReadAllAsync(IPage page) =>
        await page.EvaluateAsync("async () => { const ble = await import('/js/ble.js'); await ble.readAll(); }");

    private async Task WaitForSeqsAsync(string sessionId, string runnerId, int count, EmulatedSensor strap)
    {
        await Polling.WaitUntilAsync(
            () => app.Hub.RecordedSeqs(sessionId).GetValueOrDefault(runnerId)?.Count >= count,
            () => $"recorded: [{string.Join(',', app.Hub.RecordedSeqs(sessionId).GetValueOrDefault(runnerId) ?? [])}]; emulation errors: {string.Join("; ", strap.Errors)}",
            Patience,
            Ct);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), app.Hub.RecordedSeqs(sessionId)[runnerId]);
    }

    private async Task<int[]> RecordedHeartRatesAsync(string sessionId, string runnerId) =>
        [.. (await RecordedSamplesAsync(sessionId, runnerId)).Select(s => s.HeartRateBpm ?? 0)];

    /// <summary>The hub's recording of the runner, in seq order.</summary>
    private async Task<MetricSample[]> RecordedSamplesAsync(string sessionId, string runnerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/sessions/{sessionId}/samples?runnerId={runnerId}");
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await app.Hub.Http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        var chunks = await response.Content.ReadFromJsonAsync<RunnerSamples[]>(Ct);
        return [.. chunks!.SelectMany(c => c.Samples).OrderBy(s => s.Seq)];
    }

    private async Task<CueUpdate[]> CuesAsync(string sessionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/sessions/{sessionId}/cues");
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await app.Hub.Http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CueUpdate[]>(Ct))!;
    }

    private async Task<HubConnection> CoachAsync(CreateSessionResponse session)
    {
        var coach = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Hub.BaseUrl, LiveHubContract.Path.TrimStart('/')), o => o.AccessTokenProvider = () => Task.FromResult<string?>(session.CoachToken))
            .Build();
        await coach.StartAsync(Ct);
        return coach;
    }
}

/// <summary>Bluetooth emulation is per browser: these tests run one at a time.</summary>
[CollectionDefinition(nameof(CompanionCollection), DisableParallelization = true)]
public sealed class CompanionCollection;
