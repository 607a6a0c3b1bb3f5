using System.Globalization;
using System.Text.RegularExpressions;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Waiting;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Live;

/// <summary>
/// The coach's live view end to end: the real hub, the real relay with simulated runners, the page in Chromium
/// opened from the session's coach URL.
/// </summary>
public sealed class LiveViewTests(LiveSessionFixture live) : BrowserTest(live.App), IClassFixture<LiveSessionFixture>
{
    protected override bool InstallsServiceWorker => false;

    /// <summary>An alert needs the warm-up, the scenario's 20 s and the rule's window: well under this.</summary>
    private const float AlertTimeoutMs = 120_000;

    private string SessionId => live.Session.SessionId;

    /// <summary>
    /// The coach URL opens the live view with the token moved out of the address bar, and live values in every tile. The
    /// page's SignalR connection asks for MessagePack (the hub offers JSON too): samples arrive as binary frames, which
    /// the browser's interpreter decodes several times cheaper than JSON text (docs/web.md).
    /// </summary>
    [Fact]
    public async Task CoachUrl_MovesTheTokenIntoSessionStorage_AndShowsTilesWithLiveValues_OverMessagePack()
    {
        var coachUrl = live.Session.CoachUrl;
        Assert.NotNull(coachUrl);
        Assert.Equal($"{App.Hub.BaseUrl}sessions/{SessionId}/live#token={live.Session.CoachToken}", coachUrl);
        var page = await NewPageAsync();
        var sent = new List<string>();
        var binaryReceived = 0;
        page.WebSocket += (_, socket) =>
        {
            if (!socket.Url.Contains("/hubs/live", StringComparison.Ordinal))
            {
                return;
            }

            socket.FrameSent += (_, frame) =>
            {
                lock (sent)
                {
                    sent.Add(frame.Text ?? System.Text.Encoding.ASCII.GetString(frame.Binary ?? []));
                }
            };
            socket.FrameReceived += (_, frame) =>
            {
                if (frame.Binary is { Length: > 0 })
                {
                    Interlocked.Increment(ref binaryReceived);
                }
            };
        };

        await page.GotoAsync(coachUrl);

        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected");
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        Assert.Equal($"{App.Hub.BaseUrl}sessions/{SessionId}/live", page.Url);
        Assert.Equal(live.Session.CoachToken, await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('mml.coachToken.{SessionId}')"));
        foreach (var runnerId in live.Runners.Values)
        {
            var tile = page.Locator($"[data-runner-id='{runnerId}']");
            await Expect(tile.Locator("[data-metric=heartRateBpm]")).ToHaveTextAsync(new Regex(@"^\d{2,3}$"));
            await Expect(tile.Locator("[data-metric=cadenceSpm]")).ToHaveTextAsync(new Regex(@"^\d{2,3}$"));
            await Expect(tile.Locator("[data-metric=speedMps]")).ToHaveTextAsync(new Regex(@"^\d{1,2}:\d{2}$"));
        }

        // Live: the values move as the relay publishes.
        var ana = page.Locator($"[data-runner-id='{live.Runners["Ana"]}']");
        var first = await ana.Locator("[data-metric=heartRateBpm]").TextContentAsync();
        var cadence = await ana.Locator("[data-metric=cadenceSpm]").TextContentAsync();
        await page.WaitForFunctionAsync(
            "([selector, hr, cadence]) => { const tile = document.querySelector(selector); return tile.querySelector('[data-metric=heartRateBpm]').textContent !== hr || tile.querySelector('[data-metric=cadenceSpm]').textContent !== cadence; }",
            new object[] { $"[data-runner-id='{live.Runners["Ana"]}']", first ?? "", cadence ?? "" });
        await Polling.WaitUntilAsync(() => Volatile.Read(ref binaryReceived) > 0, () => "no binary frame from the hub", TimeSpan.FromSeconds(30), Ct);
        lock (sent)
        {
            Assert.Contains(sent, text => text.StartsWith("{\"protocol\":\"messagepack\",\"version\":1}", StringComparison.Ordinal));
            // The page asks for packed samples frames (SamplesPacked), not Samples.
            Assert.Contains(sent, text => text.Contains(LiveHubContract.WatchPacked, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task RunnerToken_CannotOpenTheCoachView_AndThePageSaysSo()
    {
        // Its own session: a runner joining the relay's session would add a tile to the other tests' group.
        var session = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Runner token" });
        var runner = await App.Hub.JoinAsync(session.JoinCode, "Intruder", Ct);
        var page = await NewPageAsync();

        await page.GotoAsync($"/sessions/{session.SessionId}/live#token={runner.RunnerToken}");

        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "offline");
        await Expect(page.Locator("[role=alert]").Filter(new() { HasText = "coach token" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-runner-id]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Alert_OffersItsSuggestedCue_OneTapGetsItSpoken()
    {
        var page = await OpenLiveAsync(Tablet);
        var ana = live.Runners["Ana"];
        var alert = page.Locator($"[data-alert-kind=imbalance][data-alert-runner='{ana}']").First;

        await Expect(alert).ToBeVisibleAsync(new() { Timeout = AlertTimeoutMs });
        var send = alert.Locator("[data-action=send-suggested]");
        await Expect(send).ToContainTextAsync("Send: ");
        await Expect(page.Locator($"[data-runner-id='{ana}']")).ToHaveAttributeAsync("data-alert-open", "true");
        await DocScreenshots.SaveAsync(page, "web-live-tablet");
        await send.ClickAsync();

        // Sent -> delivered -> spoken, as the relay reports it through the hub.
        await Expect(page.Locator($"[data-runner-id='{ana}'] [data-cue-status]").Last).ToHaveAttributeAsync(
            "data-cue-status", "spoken", new() { Timeout = AlertTimeoutMs });
        await Axe.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task GroupCue_ReachesEveryRunner()
    {
        var page = await OpenLiveAsync(Tablet);
        var text = $"Relax your shoulders {TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";

        await page.Locator("[data-action=cue-group]").ClickAsync();
        var sheet = page.Locator("[data-cue-target=group]");
        await sheet.Locator("[data-cue-text]").FillAsync(text);
        await sheet.Locator("[data-action=send-text]").ClickAsync();

        await page.Locator("[data-toggle=panel]").ClickAsync();
        foreach (var runnerId in live.Runners.Values)
        {
            await Expect(page.Locator($"li[data-cue-runner='{runnerId}'] [data-cue-status]").First).ToHaveAttributeAsync(
                "data-cue-status", "spoken", new() { Timeout = AlertTimeoutMs });
        }
    }

    [Fact]
    public async Task Marker_IsRecorded_AndStillShownAfterAReload()
    {
        var page = await OpenLiveAsync(Tablet);
        await page.Locator("[data-toggle=panel]").ClickAsync();
        var before = (await App.Hub.MarkersAsync(SessionId)).Length;

        await page.Locator(".live-panel [data-action=marker][data-marker-kind=lap]").ClickAsync();

        await Expect(page.Locator("[data-marker-kind-item=lap]")).Not.ToHaveCountAsync(0);
        var recorded = await App.Hub.MarkersAsync(SessionId);
        Assert.Equal(before + 1, recorded.Length);
        var lap = Assert.Single(recorded, m => m.Kind == MarkerKind.Lap);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected");
        await page.Locator("[data-toggle=panel]").ClickAsync();
        await Expect(page.Locator($"[data-marker-id='{lap.MarkerId.ToString(CultureInfo.InvariantCulture)}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task WebSocketCut_ShowsReconnectingThenConnected_AndValuesKeepComing()
    {
        var context = await NewContextAsync(Tablet);
        var page = await context.NewPageAsync();
        IWebSocketRoute? socket = null;
        await page.RouteWebSocketAsync(new Regex("/hubs/live"), route =>
        {
            route.ConnectToServer();
            Volatile.Write(ref socket, route);
        });
        await page.GotoAsync(live.Session.CoachUrl!);
        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected");
        var cut = Volatile.Read(ref socket);
        Assert.NotNull(cut);

        await cut.CloseAsync(new() { Code = 1011, Reason = "test cuts the link" });

        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "reconnecting");
        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected");
        Assert.NotSame(cut, Volatile.Read(ref socket));
        var tile = $"[data-runner-id='{live.Runners["Ben"]}']";
        var hr = await page.Locator($"{tile} [data-metric=heartRateBpm]").TextContentAsync();
        var cadence = await page.Locator($"{tile} [data-metric=cadenceSpm]").TextContentAsync();
        await page.WaitForFunctionAsync(
            "([selector, hr, cadence]) => { const tile = document.querySelector(selector); return tile.querySelector('[data-metric=heartRateBpm]').textContent !== hr || tile.querySelector('[data-metric=cadenceSpm]').textContent !== cadence; }",
            new object[] { tile, hr ?? "", cadence ?? "" });
    }

    /// <summary>
    /// The link drops while the page's first Watch is on its way: the automatic reconnect owns the link from then on.
    /// A page that also restarted the connection itself would fail for as long as the connection is not disconnected
    /// and keep the badge on "offline" while data flows again.
    /// </summary>
    [Fact]
    public async Task WebSocketCutUnderTheFirstWatch_ReconnectsWatchesAndStaysConnected()
    {
        var context = await NewContextAsync(Tablet);
        var page = await context.NewPageAsync();
        var cuts = 0;
        await page.RouteWebSocketAsync(new Regex("/hubs/live"), route =>
        {
            var server = route.ConnectToServer();
            route.OnMessage(frame =>
            {
                // MessagePack carries the method name as a plain string: the first Watch invocation is cut instead of sent.
                if (frame.Binary is { } bytes && bytes.AsSpan().IndexOf("Watch"u8) >= 0 && Interlocked.Exchange(ref cuts, 1) == 0)
                {
                    _ = route.CloseAsync(new() { Code = 1011, Reason = "test cuts the link under the first Watch" });
                    return;
                }

                if (frame.Binary is { } binary)
                {
                    server.Send(binary);
                }
                else
                {
                    server.Send(frame.Text ?? "");
                }
            });
        });
        await page.AddInitScriptAsync(
            """
            window.__connection = [];
            new MutationObserver(() => {
              const badge = document.querySelector('[data-connection]');
              const state = badge?.getAttribute('data-connection');
              if (state && window.__connection[window.__connection.length - 1] !== state) window.__connection.push(state);
            }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-connection'] });
            """);
        await page.GotoAsync(live.Session.CoachUrl!);

        var ben = live.Runners["Ben"];
        var hr = page.Locator($"[data-runner-id='{ben}'] [data-metric=heartRateBpm]");
        await Expect(hr).ToHaveTextAsync(new Regex(@"^\d{2,3}$"));
        Assert.Equal(1, Volatile.Read(ref cuts));
        // Data from at least 8 s after the reconnect has been recorded: longer than a restart loop's steps (0.5-5 s),
        // which would have flipped the badge to offline again.
        var watchedAt = await LatestObservedAtAsync(ben);
        await Polling.WaitUntilAsync(async _ => await LatestObservedAtAsync(ben) >= watchedAt + 8_000, AlertTimeout, Ct);
        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected");
        var states = await page.EvaluateAsync<string[]>("() => window.__connection");
        Assert.Equal("connected", states[^1]);
        Assert.DoesNotContain("offline", states);
    }

    /// <summary>
    /// The link stays down (WebSocket and HTTP to the hub refused) while the runners keep publishing for more than three
    /// of the sparkline's 2 s buckets; after the reconnect the page reads the missed samples back from the recording,
    /// so the sparkline has a point in every bucket across the cut (a hole would leave at least one bucket empty).
    /// </summary>
    [Fact]
    public async Task LinkDownForSeconds_AfterTheReconnect_TheSparklineHasNoHole()
    {
        var context = await NewContextAsync(Tablet);
        var page = await context.NewPageAsync();
        var down = 0;
        IWebSocketRoute? socket = null;
        await page.RouteWebSocketAsync(new Regex("/hubs/live"), async route =>
        {
            if (Volatile.Read(ref down) == 1)
            {
                await route.CloseAsync(new() { Code = 1011, Reason = "the link is down" });
                return;
            }

            route.ConnectToServer();
            Volatile.Write(ref socket, route);
        });
        // Long polling would get through while the WebSocket is refused: the hub's HTTP is down too.
        await page.RouteAsync(new Regex("/hubs/live"), async route =>
        {
            if (Volatile.Read(ref down) == 1)
            {
                await route.AbortAsync("connectionrefused");
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.GotoAsync(live.Session.CoachUrl!);
        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected");
        var ben = live.Runners["Ben"];
        var line = $"[data-runner-id='{ben}'] svg.spark polyline";
        await page.WaitForFunctionAsync($"s => {{ {SparkXs} return xs.length >= 2; }}", line);
        var pointsBefore = await page.EvaluateAsync<int>($"s => {{ {SparkXs} return xs.length; }}", line);
        var cutAt = await LatestObservedAtAsync(ben);

        Volatile.Write(ref down, 1);
        await Volatile.Read(ref socket)!.CloseAsync(new() { Code = 1011, Reason = "the link goes down" });
        await Expect(page.Locator("[data-connection]")).Not.ToHaveAttributeAsync("data-connection", "connected");
        // Four buckets of data recorded while the page cannot hear the hub.
        await Polling.WaitUntilAsync(async _ => await LatestObservedAtAsync(ben) >= cutAt + 8_000, AlertTimeout, Ct);
        Volatile.Write(ref down, 0);

        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = AlertTimeoutMs });
        // Live points beyond the cut, and every bucket across it filled.
        await page.WaitForFunctionAsync(
            $$"""
                ([s, before]) => {
                  {{SparkXs}}
                  if (xs.length < before + 4) return false;
                  for (let i = 1; i < xs.length; i++) if (xs[i] - xs[i - 1] > 3) return false;
                  return true;
                }
                """,
            new object[] { line, pointsBefore },
            new() { Timeout = AlertTimeoutMs });
    }

    /// <summary>JS defining <c>xs</c>: the x of each point of the sparkline at selector <c>s</c> (one per non-empty 2 s bucket, 2-3 px apart).</summary>
    private const string SparkXs =
        "const points = (document.querySelector(s)?.getAttribute('points') ?? '').trim(); const xs = points === '' ? [] : points.split(' ').map(p => Number(p.split(',')[0]));";

    private static TimeSpan AlertTimeout => TimeSpan.FromMilliseconds(AlertTimeoutMs);

    private async Task<long> LatestObservedAtAsync(string runnerId) =>
        (await App.Hub.SessionAsync(SessionId)).Runners.Single(r => r.RunnerId == runnerId).Latest?.ObservedAt ?? 0;

    [Fact]
    public async Task CoachToken_NeverReachesTheHubLog()
    {
        var page = await OpenLiveAsync(Tablet);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected");

        var token = await page.EvaluateAsync<string>($"() => sessionStorage.getItem('mml.coachToken.{SessionId}')");
        var log = App.Hub.LogTail(int.MaxValue);
        Assert.NotEmpty(log);
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);
        Assert.DoesNotContain(live.Session.CoachToken, log, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token=", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Phone_ShowsTheGroupAsAList()
    {
        var page = await OpenLiveAsync(Phone);

        foreach (var runnerId in live.Runners.Values)
        {
            await Expect(page.Locator($"[data-runner-id='{runnerId}'] [data-metric=heartRateBpm]")).ToHaveTextAsync(new Regex(@"^\d{2,3}$"));
        }

        await DocScreenshots.SaveAsync(page, "web-live-phone");
        await Axe.AssertNoSeriousViolationsAsync(page);
    }

    /// <summary>The live view from the coach URL, connected and showing both runners.</summary>
    private async Task<IPage> OpenLiveAsync(ViewportSize viewport)
    {
        var page = await NewPageAsync(viewport);
        await page.GotoAsync(live.Session.CoachUrl!);
        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected");
        await Expect(page.Locator("[data-runner-id]")).ToHaveCountAsync(live.Runners.Count);
        return page;
    }
}
