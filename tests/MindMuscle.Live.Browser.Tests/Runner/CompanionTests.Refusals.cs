using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Runner;

/// <summary>The companion when the hub says no, and when one of its own background loops fails.</summary>
public sealed partial class CompanionTests
{
    /// <remarks>
    /// A refusal that is not for good (here the reading's time is an hour ahead of the hub's clock: the clock is to
    /// fix, not the reading) keeps the readings on the phone and says so. The reading is written straight into the
    /// page's IndexedDB outbox (<see cref="InjectReadingAsync"/>); the next reading from the strap makes the pump send
    /// both, and the real hub refuses the batch as a whole.
    /// </remarks>
    [Fact]
    public async Task HubRefusesABatchForItsClock_ScreenSaysNotSendingWithTheHubsWordsAndWhatToDo_ReadingsKept()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion refused clock", Ct);
        await using var strap = await EmulatedSensor.HeartRateStrapAsync(app.Browser, "09:09:09:09:09:07", "HRM-Tri 7");
        var (page, runnerId) = await JoinedWithOneReadingAsync(session, strap, "Hal");

        await InjectReadingAsync(page, session.SessionId, runnerId, "{ observedAt: Date.now() + 3600000, heartRateBpm: 120 }");
        await NotifyAsync(page, strap, [121]);

        await Expect(page.Locator("[data-connection=not-sending]")).ToBeVisibleAsync();
        var detail = page.Locator("[data-connection-detail]");
        await Expect(detail).ToContainTextAsync("The hub refuses your readings");
        await Expect(detail).ToContainTextAsync("observedAt (seq 2)");
        await Expect(detail).ToContainTextAsync("kept on this phone");
        await Expect(detail).ToContainTextAsync("tell your coach");
        await Expect(page.Locator("[data-outbox-depth='2']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-refused-by-hub]")).ToHaveCountAsync(0);
        Assert.Equal([1L], app.Hub.RecordedSeqs(session.SessionId)[runnerId]);
    }

    /// <remarks>
    /// The page's decoders leave an implausible value null, so the reading the hub refuses for its value is written
    /// straight into the outbox (a phone's store from an older page version, say). The hub refuses the batch naming that
    /// reading; the page moves it aside with the hub's words and sends the rest at once, as the relay does.
    /// </remarks>
    [Fact]
    public async Task HubRefusesAReadingForItsValue_MovedAsideAndShownWithTheHubsWords_TheRestIsSent()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion refused reading", Ct);
        await using var strap = await EmulatedSensor.HeartRateStrapAsync(app.Browser, "09:09:09:09:09:08", "HRM-Tri 8");
        var (page, runnerId) = await JoinedWithOneReadingAsync(session, strap, "Ivy");

        await InjectReadingAsync(page, session.SessionId, runnerId, "{ observedAt: Date.now(), heartRateBpm: 300 }");
        await NotifyAsync(page, strap, [121]);

        var refused = page.Locator("[data-refused-by-hub='1']");
        await Expect(refused).ToContainTextAsync("heartRateBpm (seq 2) is 300 bpm");
        await Expect(refused).ToContainTextAsync("the others are sent");
        await Polling.WaitUntilAsync(
            () => app.Hub.RecordedSeqs(session.SessionId).GetValueOrDefault(runnerId)?.Count >= 2,
            () => $"recorded: [{string.Join(',', app.Hub.RecordedSeqs(session.SessionId).GetValueOrDefault(runnerId) ?? [])}]; emulation errors: {string.Join("; ", strap.Errors)}",
            Patience,
            Ct);
        await Expect(page.Locator("[data-outbox-depth='0']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-connection=connected]")).ToBeVisibleAsync();
        Assert.Equal([1L, 3L], app.Hub.RecordedSeqs(session.SessionId)[runnerId]);

        // Nothing waits any more, but the refused reading is kept: clean-up leaves this outbox alone.
        var name = $"mml-outbox-{session.SessionId}-{runnerId}";
        Assert.False(await page.EvaluateAsync<bool>("async name => (await import('/js/outbox.js')).dropIfEmpty(name)", name));
        Assert.Contains(name, await page.EvaluateAsync<string[]>("async () => (await indexedDB.databases()).map(d => d.name)"));
    }

    private async Task<(IPage Page, string RunnerId)> JoinedWithOneReadingAsync(
        CreateSessionResponse session, EmulatedSensor strap, string name)
    {
        var page = await NewPhonePageAsync();
        await strap.AttachToAsync(_context!, page);
        var runnerId = await JoinAsync(page, session, name);
        await page.Locator("[data-action=connect-sensors]").ClickAsync();
        await Expect(page.Locator("[data-sensor-state=connected]")).ToBeVisibleAsync();
        await NotifyAsync(page, strap, [120]);
        await WaitForSeqsAsync(session.SessionId, runnerId, 1, strap);
        await Expect(page.Locator("[data-outbox-depth='0']")).ToBeVisibleAsync();
        return (page, runnerId);
    }

    /// <summary>Numbers one reading (a JS object literal) as the outbox numbers and stores it, as if the page had.</summary>
    private static async Task InjectReadingAsync(IPage page, string sessionId, string runnerId, string reading) =>
        await page.EvaluateAsync(
            "async name => {\n" +
            "  const db = await new Promise((resolve, reject) => {\n" +
            "    const r = indexedDB.open(name);\n" +
            "    r.onsuccess = () => resolve(r.result);\n" +
            "    r.onerror = () => reject(r.error);\n" +
            "  });\n" +
            "  const tx = db.transaction(['samples', 'meta'], 'readwrite');\n" +
            "  const meta = tx.objectStore('meta');\n" +
            "  const get = meta.get('seqs');\n" +
            "  get.onsuccess = () => {\n" +
            "    const seqs = get.result;\n" +
            "    seqs.lastSeq++;\n" +
            $"    tx.objectStore('samples').put(Object.assign({reading}, {{ seq: seqs.lastSeq }}));\n" +
            "    meta.put(seqs, 'seqs');\n" +
            "  };\n" +
            "  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });\n" +
            "  db.close();\n" +
            "}",
            $"mml-outbox-{sessionId}-{runnerId}");

    /// <remarks>
    /// The fault comes from the browser, not from a hook in the app: the benchmark's <c>window.mmlCompanionPerf</c> is
    /// made to refuse its first assignment, so the supervised "perf hook" loop throws once (a JS error, as a browser
    /// extension or an old phone might raise), and then succeeds when it runs again.
    /// </remarks>
    [Fact]
    public async Task BackgroundLoopFaults_ScreenSaysWhichAndThatItRestarts_ThenItRunsAgain()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion loop fault", Ct);
        var page = await NewPhonePageAsync();
        await page.AddInitScriptAsync(
            """
            let faults = 1;
            Object.defineProperty(window, 'mmlCompanionPerf', {
              configurable: true,
              get() { return undefined; },
              set(value) {
                if (faults-- > 0) throw new Error('injected perf hook fault');
                Object.defineProperty(window, 'mmlCompanionPerf', { value, configurable: true, writable: true });
              },
            });
            """);

        await JoinAsync(page, session, "Ida");

        var fault = page.Locator("[data-page-fault]");
        await Expect(fault).ToContainTextAsync("perf hook: injected perf hook fault");
        await Expect(fault).ToContainTextAsync("restarts in 1 s");
        await Expect(fault).ToContainTextAsync("Readings are kept");
        var answer = "";
        await Polling.WaitUntilAsync(
            async _ =>
            {
                answer = await page.EvaluateAsync<string>(
                    "async () => window.mmlCompanionPerf ? JSON.stringify(await window.mmlCompanionPerf.read(false)) : ''");
                return answer.Length > 0;
            },
            () => "the perf hook loop did not run again after its fault",
            Patience,
            Ct);
        Assert.StartsWith("{", answer, StringComparison.Ordinal);
        await Expect(page.Locator("[data-connection=connected]")).ToBeVisibleAsync();
    }
}
