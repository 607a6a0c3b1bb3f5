using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Runner;

/// <summary>The phone's outbox as an older page version left it.</summary>
public sealed partial class CompanionTests
{
    /// <remarks>
    /// The outbox of an earlier page version (IndexedDB version 1, samples and meta) holds three readings that never
    /// went, and another tab of that version still has it open, without a handler for a version change (as the service
    /// worker may still serve the old page there). The new page must open it as it is, send the three, and leave it at
    /// version 1 so the older page keeps working: an upgrade would wait for that tab for good.
    /// </remarks>
    [Fact]
    public async Task OlderPagesOutboxWithWaitingReadingsAndAnOldTabOpen_NewPageSendsThemAndLeavesItsVersion()
    {
        MissingPart.SkipOrFail(app.Missing);
        var session = await app.Hub.CreateSessionAsync("Companion old outbox", Ct);
        var joined = await NewPhonePageAsync();
        var runnerId = await JoinAsync(joined, session, "Uma");
        await joined.CloseAsync();
        var name = $"mml-outbox-{session.SessionId}-{runnerId}";

        // The old tab: any page of the hub's origin that does not run the app.
        var oldTab = await _context!.NewPageAsync();
        await oldTab.GotoAsync("js/outbox.js");
        await oldTab.EvaluateAsync(
            """
            async name => {
              await new Promise((resolve, reject) => {
                const r = indexedDB.deleteDatabase(name);
                r.onsuccess = () => resolve();
                r.onerror = () => reject(r.error);
              });
              window.__v1 = await new Promise((resolve, reject) => {
                const r = indexedDB.open(name, 1);
                r.onupgradeneeded = () => { r.result.createObjectStore('samples', { keyPath: 'seq' }); r.result.createObjectStore('meta'); };
                r.onsuccess = () => resolve(r.result);
                r.onerror = () => reject(r.error);
              });
              const tx = window.__v1.transaction(['samples', 'meta'], 'readwrite');
              for (let seq = 1; seq <= 3; seq++) tx.objectStore('samples').put({ seq, observedAt: Date.now() - 1000 + seq, heartRateBpm: 140 + seq });
              tx.objectStore('meta').put({ lastSeq: 3, ackedSeq: 0 }, 'seqs');
              await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
            }
            """,
            name);

        // The new page comes back as the same runner (identity in local storage) and joins by itself.
        var page = await _context.NewPageAsync();
        await page.GotoAsync(session.JoinUrl!);
        await Expect(page.Locator("[data-connection=connected]")).ToBeVisibleAsync();
        await Polling.WaitUntilAsync(
            () => app.Hub.RecordedSeqs(session.SessionId).GetValueOrDefault(runnerId)?.Count >= 3,
            () => $"recorded: [{string.Join(',', app.Hub.RecordedSeqs(session.SessionId).GetValueOrDefault(runnerId) ?? [])}]",
            Patience,
            Ct);
        Assert.Equal([1L, 2L, 3L], app.Hub.RecordedSeqs(session.SessionId)[runnerId]);
        var recorded = await RecordedHeartRatesAsync(session.SessionId, runnerId);
        Assert.Equal([141, 142, 143], recorded);
        await Expect(page.Locator("[data-outbox-depth='0']")).ToBeVisibleAsync();

        var versions = await oldTab.EvaluateAsync<int[]>(
            "async name => (await indexedDB.databases()).filter(d => d.name === name).map(d => d.version)", name);
        Assert.Equal([1], versions);
    }
}
