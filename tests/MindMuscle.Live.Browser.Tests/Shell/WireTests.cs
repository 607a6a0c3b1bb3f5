using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Shell;

public sealed class WireTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    protected override bool InstallsServiceWorker => false;

    /// <summary>
    /// Every framework file of the first load arrives compressed (the build's own .gz files, not a copy re-gzipped
    /// without compression), and the whole first load stays within the untrimmed build's budget; the published,
    /// trimmed app's figure is in docs/web.md. Nothing the first load asks for fails (no 404 for a favicon).
    /// </summary>
    [Fact]
    public async Task FirstLoad_FrameworkFiles_ArriveCompressed()
    {
        var page = await NewPageAsync();
        var responses = new List<IResponse>();
        page.Response += (_, response) =>
        {
            lock (responses)
            {
                responses.Add(response);
            }
        };

        var failed = new List<string>();
        page.RequestFailed += (_, request) =>
        {
            lock (failed)
            {
                failed.Add($"{request.Url}: {request.Failure}");
            }
        };

        await page.GotoAsync("/");
        await Expect(page.Locator("#coach-key")).ToBeVisibleAsync();
        // The browser asks for the icon on its own once the page has loaded.
        await page.WaitForLoadStateAsync(LoadState.Load);
        var favicon = await page.APIRequest.GetAsync("/favicon.ico");
        Assert.Equal(200, favicon.Status);
        Assert.Equal("image/x-icon", favicon.Headers.GetValueOrDefault("content-type"));

        List<IResponse> wasm;
        lock (responses)
        {
            Assert.Empty(responses.Where(r => r.Status >= 400).Select(r => $"{r.Status} {r.Url}"));
            lock (failed)
            {
                Assert.Empty(failed);
            }

            wasm = [.. responses.Where(r => r.Url.Contains("/_framework/", StringComparison.Ordinal) && r.Url.EndsWith(".wasm", StringComparison.Ordinal))];
        }

        Assert.NotEmpty(wasm);
        long wire = 0, body = 0;
        foreach (var response in wasm)
        {
            var headers = await response.AllHeadersAsync();
            Assert.True(headers.TryGetValue("content-encoding", out var encoding) && encoding is "gzip" or "br", $"{response.Url}: content-encoding {encoding ?? "none"}");
            wire += long.Parse(headers["content-length"], System.Globalization.CultureInfo.InvariantCulture);
            body += (await response.BodyAsync()).Length;
        }

        Assert.True(wire * 2 < body, $"framework files: {wire} bytes over the wire for {body} bytes of WebAssembly");
    }
}
