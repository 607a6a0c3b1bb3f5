using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Runner;

/// <summary>The companion when the hub says no, and when one of its own background loops fails.</summary>
public sealed partial class CompanionTests
{
    /// <remarks>
    /// The page's decoders leave an implausible value null, so the reading the hub refuses is written straight into the
    /// page's IndexedDB outbox, numbered as the outbox numbers (a phone's store from an older page version, say). The
    /// next reading from the strap makes the pump send both; the real hub refuses the batch as a whole.
    /// </remarks>
    [Fact]
    public async Task HubRefusesAReading_ScreenSaysNotSendingWithTheHubsWordsAndWhatToDo_ReadingsKept()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion refused reading", Ct);
        await using var strap = await EmulatedSensor.HeartRateStrapAsync(app.Browser, "09:09:09:09:09:07", "HRM-Tri 7");
        var page = await NewPhonePageAsync();
        await strap.AttachToAsync(_context!, page);
        var runnerId = await JoinAsync(page, session, "Hal");
        await page.Locator("[data-action=connect-sensors]").ClickAsync();
        await Expect(page.Locator("[data-sensor-state=connected]")).ToBeVisibleAsync();
        await NotifyAsync(page, strap, [120]);
        await WaitForSeqsAsync(session.SessionId, runnerId, 1, strap);
        await Expect(page.Locator("[data-outbox-depth='0']")).ToBeVisibleAsync();

        await page.EvaluateAsync(
            """
            async name => {
              const db = await new Promise((resolve, reject) => {
                const r = indexedDB.open(name, 1);
                r.onsuccess = () => resolve(r.result);
                r.onerror = () => reject(r.error);
              });
              const tx = db.transaction(['samples', 'meta'], 'readwrite');
              const meta = tx.objectStore('meta');
              const get = meta.get('seqs');
              get.onsuccess = () => {
                const seqs = get.result;
                seqs.lastSeq++;
                tx.objectStore('samples').put({ seq: seqs.lastSeq, observedAt: Date.now(), heartRateBpm: 300 });
                meta.put(seqs, 'seqs');
              };
              await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
              db.close();
            }
            """,
            $"mml-outbox-{session.SessionId}-{runnerId}");
        await NotifyAsync(page, strap, [121]);

        await Expect(page.Locator("[data-connection=not-sending]")).ToBeVisibleAsync();
        var detail = page.Locator("[data-connection-detail]");
        await Expect(detail).ToContainTextAsync("The hub refuses your readings");
        await Expect(detail).ToContainTextAsync("heartRateBpm (seq 2) is 300 bpm");
        await Expect(detail).ToContainTextAsync("kept on this phone");
        await Expect(detail).ToContainTextAsync("tell your coach");
        await Expect(page.Locator("[data-outbox-depth='2']")).ToBeVisibleAsync();
        Assert.Equal([1L], app.Hub.RecordedSeqs(session.SessionId)[runnerId]);
    }

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
