using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Runner;

/// <summary>The companion when things go wrong: two sensors and a bad payload, a stale cue, a cut link, a page in trouble.</summary>
public sealed partial class CompanionTests
{
    // As long as the issue's scenario: the WebSocket is gone for this long while the strap goes on notifying.
    private static readonly TimeSpan Cut = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StrapAndFootpod_BothRecordedAsSent_AMalformedOneCountedAndReadingsGoOn()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion strap and footpod", Ct);
        await using var strap = await EmulatedSensor.HeartRateStrapAsync(app.Browser, "09:09:09:09:09:03", "HRM-Pro 11");
        await using var pod = await EmulatedSensor.FootpodAsync(app.Browser, strap, "09:09:09:09:09:04", "Stryd 22");
        var page = await NewPhonePageAsync();
        await strap.AttachToAsync(_context!, page);
        await pod.AttachToAsync(_context!, page);
        var runnerId = await JoinAsync(page, session, "Cleo");

        // One tap of the chooser per sensor, as a runner adds the strap and then the footpod.
        await page.Locator("[data-action=connect-sensors]").ClickAsync();
        await Expect(page.Locator("[data-sensor-state=connected]")).ToHaveCountAsync(1);
        await page.Locator("[data-action=connect-sensors]").ClickAsync();
        var screen = "";
        await Polling.WaitUntilAsync(
            async _ =>
            {
                screen = await page.Locator("[data-runner-screen]").InnerTextAsync();
                return await page.Locator("[data-sensor-state=connected]").CountAsync() == 2;
            },
            () => $"the footpod did not connect; screen: {screen}; emulation errors: {string.Join("; ", [.. strap.Errors, .. pod.Errors])}",
            Patience,
            Ct);

        (int Bpm, double Speed, int Cadence)[] before = [(140, 3.0, 170), (141, 3.25, 172), (142, 3.5, 174)];
        foreach (var tick in before)
        {
            await TickAsync(page, strap, pod, tick);
        }

        // The footpod sends a truncated RSC payload (flags, then one byte of a uint16 speed) with the strap's reading.
        pod.Queue([0x04, 0x00]);
        strap.Queue(EmulatedSensor.HeartRate(150));
        await ReadAllAsync(page);
        await Expect(page.Locator("[data-malformed='1']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-metric=hr]")).ToHaveTextAsync("150");

        (int Bpm, double Speed, int Cadence)[] after = [(151, 3.75, 176), (152, 4.0, 178)];
        foreach (var tick in after)
        {
            await TickAsync(page, strap, pod, tick);
        }

        await WaitForSeqsAsync(session.SessionId, runnerId, 11, strap);
        var recorded = await RecordedSamplesAsync(session.SessionId, runnerId);
        Assert.Equal(
            [.. before.Select(t => t.Bpm), 150, .. after.Select(t => t.Bpm)],
            recorded.Where(s => s.HeartRateBpm is not null).Select(s => s.HeartRateBpm!.Value));
        Assert.Equal(
            [.. before.Select(t => t.Speed), .. after.Select(t => t.Speed)],
            recorded.Where(s => s.SpeedMps is not null).Select(s => s.SpeedMps!.Value));
        Assert.Equal(
            [.. before.Select(t => (double)t.Cadence), .. after.Select(t => (double)t.Cadence)],
            recorded.Where(s => s.CadenceSpm is not null).Select(s => s.CadenceSpm!.Value));
        Assert.Contains("Stryd 22", await page.Locator("[data-malformed]").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CueExpiresWhileALongCueIsSpoken_NeverSpokenAndTheCoachSeesExpired()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion stale cue", Ct);
        var page = await NewPhonePageAsync();
        var runnerId = await JoinAsync(page, session, "Dan");
        await using var coach = await CoachAsync(session);

        // The stub keeps a cue starting "Hold" going until the test releases it: speech is busy.
        var hold = Assert.Single(await coach.InvokeAsync<string[]>(
            LiveHubContract.SendCue, new CueRequest { RunnerId = runnerId, Text = "Hold your form to the line", TtlSeconds = 120 }, Ct));
        await Polling.WaitUntilAsync(
            async _ => (await page.EvaluateAsync<string[]>("() => window.__spoken")).Length == 1,
            () => "the long cue was not handed to speech",
            Patience,
            Ct);
        var late = Assert.Single(await coach.InvokeAsync<string[]>(
            LiveHubContract.SendCue, new CueRequest { RunnerId = runnerId, Text = "Push now", TtlSeconds = 1 }, Ct));
        var queued = await WaitForCueAsync(session.SessionId, late, CueStatus.Delivered);

        // Its deadline passes while it waits behind the long cue.
        await Polling.WaitUntilAsync(
            () => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() > queued.ExpiresAt + 500,
            () => "the short cue's deadline did not pass",
            Patience,
            Ct);
        await page.EvaluateAsync("() => window.__release()");

        await WaitForCueAsync(session.SessionId, late, CueStatus.Expired);
        await WaitForCueAsync(session.SessionId, hold, CueStatus.Spoken);
        Assert.Equal(["Hold your form to the line"], await page.EvaluateAsync<string[]>("() => window.__spoken"));
    }

    /// <remarks>
    /// The cut is done on the hub's URL only: every WebSocket to it is closed and refused, and its HTTP requests
    /// (negotiate, and long polling: the client's fallback when WebSockets fail) are aborted, with the app shell's
    /// service worker blocked. With the worker on, the page's fetches go through it and no page route sees them: the
    /// refused WebSocket made the client fall back to long polling through the worker, it reconnected within seconds,
    /// and the outbox depth stayed below the readings made during the "cut" because they were sent and acked (the
    /// product was right to do so). <c>SetOfflineAsync</c> is no cut either: it stalls the open WebSocket without
    /// closing it (the next test). Emulated Bluetooth is the browser's, not the network's, and goes on throughout.
    /// </remarks>
    [Fact]
    public async Task WebSocketCutFor20s_ReadingsKeptThenSentBackfilled_NothingLostOrDoubled()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion cut link", Ct);
        await using var strap = await EmulatedSensor.HeartRateStrapAsync(app.Browser, "09:09:09:09:09:05", "HRM-Run 5");
        var page = await NewPhonePageAsync(ServiceWorkerPolicy.Block);
        var link = new CuttableLink();
        await page.RouteWebSocketAsync("**" + LiveHubContract.Path + "**", link.OnWebSocket);
        await page.RouteAsync("**" + LiveHubContract.Path + "**", link.OnRequestAsync);
        await strap.AttachToAsync(_context!, page);
        var runnerId = await JoinAsync(page, session, "Eve");
        await page.Locator("[data-action=connect-sensors]").ClickAsync();
        await Expect(page.Locator("[data-sensor-state=connected]")).ToBeVisibleAsync();
        int[] before = [120, 121, 122];
        await NotifyAsync(page, strap, before);
        await WaitForSeqsAsync(session.SessionId, runnerId, before.Length, strap);
        // Recorded is not yet acked on a loaded machine: an ack still on its way when the link is cut leaves that reading
        // in the outbox, one more than the cut's own.
        await Expect(page.Locator("[data-outbox-depth='0']")).ToBeVisibleAsync();

        await link.CutAsync();
        await Expect(page.Locator("[data-connection=reconnecting]")).ToBeVisibleAsync();
        var during = new List<int>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Cut)
        {
            var bpm = 130 + (during.Count % 60);
            await NotifyAsync(page, strap, [bpm]);
            during.Add(bpm);
        }

        // Every reading of the cut waits on the phone: none was sent, none was dropped.
        await Expect(page.Locator($"[data-outbox-depth='{during.Count}']")).ToBeVisibleAsync();
        Assert.Equal(before.Length, app.Hub.RecordedSeqs(session.SessionId)[runnerId].Count);

        link.Restore();
        await Expect(page.Locator("[data-connection=connected]")).ToBeVisibleAsync();
        int[] afterwards = [180, 181];
        await NotifyAsync(page, strap, afterwards);
        await WaitForSeqsAsync(session.SessionId, runnerId, before.Length + during.Count + afterwards.Length, strap);
        await Expect(page.Locator("[data-outbox-depth='0']")).ToBeVisibleAsync();

        var recorded = await RecordedSamplesAsync(session.SessionId, runnerId);
        Assert.Equal([.. before, .. during, .. afterwards], recorded.Select(s => s.HeartRateBpm ?? 0));
        Assert.All(recorded.Take(before.Length), s => Assert.False(s.Backfilled));
        // Readings of the cut's first half were over the backfill threshold (5 s) old when they went: marked late.
        Assert.All(recorded.Skip(before.Length).Take(during.Count / 2), s => Assert.True(s.Backfilled, $"seq {s.Seq} not backfilled"));
        Assert.All(recorded.TakeLast(afterwards.Length), s => Assert.False(s.Backfilled));
    }

    /// <remarks>
    /// Playwright's offline emulation stalls the open WebSocket without closing it (found with this test: publishes
    /// hang, nothing is acked, the link looks up until SignalR's server timeout), while emulated Bluetooth goes on. A
    /// phone on a Wi-Fi that drops packets sees the same; the page must not call that "connected".
    /// </remarks>
    [Fact]
    public async Task NetworkStallsWithTheSocketOpen_ScreenSaysNotSending_ThenEverythingIsRecordedOnce()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion stalled link", Ct);
        await using var strap = await EmulatedSensor.HeartRateStrapAsync(app.Browser, "09:09:09:09:09:06", "HRM-Fit 6");
        var page = await NewPhonePageAsync();
        await strap.AttachToAsync(_context!, page);
        var runnerId = await JoinAsync(page, session, "Gus");
        await page.Locator("[data-action=connect-sensors]").ClickAsync();
        await Expect(page.Locator("[data-sensor-state=connected]")).ToBeVisibleAsync();
        await NotifyAsync(page, strap, [120]);
        await WaitForSeqsAsync(session.SessionId, runnerId, 1, strap);
        await Expect(page.Locator("[data-outbox-depth='0']")).ToBeVisibleAsync();

        await _context!.SetOfflineAsync(true);
        await NotifyAsync(page, strap, [121, 122]);
        await Expect(page.Locator("[data-connection=not-sending]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-connection-detail]")).ToContainTextAsync("has not answered");
        await Expect(page.Locator("[data-outbox-depth='2']")).ToBeVisibleAsync();

        await _context.SetOfflineAsync(false);
        await Expect(page.Locator("[data-connection=connected]")).ToBeVisibleAsync();
        await WaitForSeqsAsync(session.SessionId, runnerId, 3, strap);
        var recorded = await RecordedHeartRatesAsync(session.SessionId, runnerId);
        Assert.Equal([120, 121, 122], recorded);
    }

    [Fact]
    public async Task PageTroubles_FailedJoinRetried_WakeLockFollowsVisibility_EmptyOldOutboxesDeleted()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion troubles", Ct);
        var page = await NewPhonePageAsync();
        // The first outbox open throws, as IndexedDB does in some private windows; the original stays for the test.
        await page.AddInitScriptAsync(
            """
            window.__idbOpen = indexedDB.open.bind(indexedDB);
            let failures = 1;
            indexedDB.open = (name, version) => {
              if (name.startsWith('mml-outbox-') && failures-- > 0) throw new DOMException('IndexedDB is blocked here', 'SecurityError');
              return window.__idbOpen(name, version);
            };
            """);
        await page.GotoAsync(session.JoinUrl!);
        // Outboxes of earlier runs on this phone: one empty, one still holding a reading.
        await page.EvaluateAsync(
            """
            async () => {
              const make = (name, samples) => new Promise((resolve, reject) => {
                const r = window.__idbOpen(name, 1);
                r.onupgradeneeded = () => { r.result.createObjectStore('samples', { keyPath: 'seq' }); r.result.createObjectStore('meta'); };
                r.onsuccess = () => {
                  const tx = r.result.transaction('samples', 'readwrite');
                  for (const s of samples) tx.objectStore('samples').put(s);
                  tx.oncomplete = () => { r.result.close(); resolve(); };
                };
                r.onerror = () => reject(r.error);
              });
              await make('mml-outbox-oldsession-r9', []);
              await make('mml-outbox-oldsession-r8', [{ seq: 1, observedAt: 1, heartRateBpm: 99 }]);
            }
            """);

        await page.Locator("[name=runnerName]").FillAsync("Fay");
        await page.Locator("[data-action=join]").ClickAsync();
        await Expect(page.Locator("[data-join-error]")).ToContainTextAsync("IndexedDB is blocked here");
        await Expect(page.Locator("[data-join-error]")).ToContainTextAsync("tap Join again");
        await Expect(page.Locator("[data-action=join]")).ToHaveTextAsync("Join");

        await page.Locator("[data-action=join]").ClickAsync();
        await Expect(page.Locator("[data-connection=connected]")).ToBeVisibleAsync();
        Assert.Single(await app.Hub.RunnerIdsAsync(session.SessionId));

        await Polling.WaitUntilAsync(
            async _ =>
            {
                var names = await page.EvaluateAsync<string[]>("async () => (await indexedDB.databases()).map(d => d.name)");
                return !names.Contains("mml-outbox-oldsession-r9") && names.Contains("mml-outbox-oldsession-r8")
                    && names.Any(n => n.StartsWith($"mml-outbox-{session.SessionId}-", StringComparison.Ordinal));
            },
            () => "the empty outbox of an earlier run was not deleted (or one holding a reading was)",
            Patience,
            Ct);

        // The wake lock goes with the page's visibility, and the screen says so each time.
        await Expect(page.Locator("[data-wake-lock=held]")).ToBeVisibleAsync();
        await SetVisibilityAsync(page, "hidden");
        await Expect(page.Locator("[data-wake-lock=not-held]")).ToContainTextAsync("hidden");
        await SetVisibilityAsync(page, "visible");
        await Expect(page.Locator("[data-wake-lock=held]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-page-fault]")).ToHaveCountAsync(0);
    }

    // Headless Chromium has no way to hide a page: the document's visibility is overridden and the event fired as a
    // phone's browser fires it when the screen locks or another app comes up.
    private static async Task SetVisibilityAsync(IPage page, string state) =>
        await page.EvaluateAsync(
            """
            state => {
              Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
              Object.defineProperty(document, 'hidden', { value: state === 'hidden', configurable: true });
              document.dispatchEvent(new Event('visibilitychange'));
            }
            """,
            state);

    private static async Task<string> JoinAsync(IPage page, CreateSessionResponse session, string name)
    {
        Assert.NotNull(session.JoinUrl);
        await page.GotoAsync(session.JoinUrl);
        await page.Locator("[name=runnerName]").FillAsync(name);
        await page.Locator("[data-action=join]").ClickAsync();
        await Expect(page.Locator("[data-connection=connected]")).ToBeVisibleAsync();
        var runnerId = await page.Locator("[data-runner-screen]").GetAttributeAsync("data-runner-id");
        Assert.False(string.IsNullOrEmpty(runnerId));
        return runnerId;
    }

    /// <summary>Both sensors notify once; both readings are on the screen before the next tick.</summary>
    private static async Task TickAsync(IPage page, EmulatedSensor strap, EmulatedSensor pod, (int Bpm, double Speed, int Cadence) tick)
    {
        strap.Queue(EmulatedSensor.HeartRate(tick.Bpm));
        pod.Queue(EmulatedSensor.Rsc(tick.Speed, tick.Cadence));
        await ReadAllAsync(page);
        await Expect(page.Locator("[data-metric=hr]")).ToHaveTextAsync(tick.Bpm.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-metric=cadence]")).ToHaveTextAsync(tick.Cadence.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<CueUpdate> WaitForCueAsync(string sessionId, string cueId, CueStatus status)
    {
        CueUpdate? found = null;
        await Polling.WaitUntilAsync(
            async _ =>
            {
                found = (await CuesAsync(sessionId)).FirstOrDefault(c => c.CueId == cueId && c.Status == status);
                return found is not null;
            },
            () => $"cue {cueId} never reported {status}",
            Patience,
            Ct);
        return found!;
    }

    /// <summary>The hub's URL as the page reaches it, with a switch that cuts it (WebSockets and HTTP alike).</summary>
    private sealed class CuttableLink
    {
        private readonly List<IWebSocketRoute> _open = [];
        private volatile bool _cut;

        public void OnWebSocket(IWebSocketRoute socket)
        {
            if (_cut)
            {
                // Playwright's handler is synchronous: the close goes on by itself, as a refused handshake would.
                _ = socket.CloseAsync();
                return;
            }

            socket.ConnectToServer();
            lock (_open)
            {
                _open.Add(socket);
            }
        }

        public async Task OnRequestAsync(IRoute route)
        {
            if (_cut)
            {
                await route.AbortAsync("internetdisconnected");
                return;
            }

            await route.ContinueAsync();
        }

        public async Task CutAsync()
        {
            _cut = true;
            IWebSocketRoute[] open;
            lock (_open)
            {
                open = [.. _open];
                _open.Clear();
            }

            foreach (var socket in open)
            {
                await socket.CloseAsync();
            }
        }

        public void Restore() => _cut = false;
    }
}
