using MindMuscle.Live.Core.Contracts;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Coach;

public sealed class CreateSessionTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    protected override bool InstallsServiceWorker => false;

    private const int QrPixels = 400;

    [Fact]
    public async Task CreateSession_ShowsJoinCodeAndAQrCodeOfTheJoinUrl()
    {
        var page = await NewPageAsync();
        await SignInAsync(page);

        await page.Locator("#session-name").FillAsync("Wednesday 10x400");
        await page.Locator("[data-auto-cue=auto]").ClickAsync();
        await page.Locator("#hr-max").FillAsync("186");
        await page.Locator("[data-action=create-session]").ClickAsync();

        var panel = page.Locator("[data-join-panel]");
        await Expect(panel).ToBeVisibleAsync();
        var sessionId = await panel.GetAttributeAsync("data-session-id");
        var created = (await App.Hub.ListSessionsAsync()).Single(s => s.SessionId == sessionId);
        Assert.Equal("Wednesday 10x400", created.Name);
        Assert.Equal(AutoCueMode.Auto, created.AutoCue);
        var joinCode = (await App.Hub.MintCoachTokenAsync(sessionId!)).JoinCode;
        await Expect(panel.Locator("[data-join-code]")).ToHaveTextAsync(joinCode);
        var joinUrl = $"{App.Hub.BaseUrl}join/{joinCode}";
        var qr = panel.Locator("[data-qr]");
        await Expect(qr).ToHaveAttributeAsync("role", "img");
        await Expect(qr).ToHaveAttributeAsync("aria-label", $"QR code of the join address {joinUrl}");
        Assert.Equal(joinUrl, DecodeQr(await RasterizeAsync(qr)));
        // Big on a tablet: a third of the screen's height at least, so it reads from a few metres.
        var box = await qr.BoundingBoxAsync();
        Assert.True(box is { Width: >= 400, Height: >= 400 }, $"QR code drawn at {box?.Width}x{box?.Height} px");
        await Expect(page.Locator($"[data-session-id='{sessionId}'] h3")).ToHaveTextAsync("Wednesday 10x400");
        Assert.NotNull(await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('mml.coachToken.{sessionId}')"));
    }

    /// <summary>
    /// "Full-screen code" draws the QR code as the largest square the tablet's screen holds (800 px on 1280x800, over
    /// 700: about 13 cm on a 10-inch tablet, docs/web.md); a screenshot of the screen decodes to the join URL. It is a
    /// modal dialog: the focus starts on it and Tab / Shift+Tab never leave it, the page behind can take no focus and is
    /// gone from the accessibility tree a screen reader reads; Escape, or Close from the keyboard, ends it and gives the
    /// focus back to the button that opened it.
    /// </summary>
    [Fact]
    public async Task FullScreenCode_FillsTheScreen_DecodesFromAScreenshot_TrapsTheFocusUntilClosed()
    {
        var page = await NewPageAsync(Tablet);
        await SignInAsync(page);
        await page.Locator("#session-name").FillAsync("Thursday hills");
        await page.Locator("[data-action=create-session]").ClickAsync();
        var panel = page.Locator("[data-join-panel]");
        await Expect(panel).ToBeVisibleAsync();
        var joinCode = (await panel.Locator("[data-join-code]").TextContentAsync())!.Trim();
        var joinUrl = $"{App.Hub.BaseUrl}join/{joinCode}";
        var open = panel.Locator("[data-action=qr-full-screen]");
        Assert.True(await IsInAccessibilityTreeAsync(page, "button", "Sign out"), "the page's Sign out button is not in the accessibility tree before the dialog opens");

        await open.ClickAsync();

        var full = page.Locator("[data-qr-full-screen]");
        await Expect(full).ToBeVisibleAsync();
        await Expect(full).ToBeFocusedAsync();
        await Expect(full).ToHaveAttributeAsync("aria-label", $"Join code {joinCode}, full screen");
        var box = await full.Locator("[data-qr-full]").BoundingBoxAsync();
        Assert.True(box is { Width: >= 700, Height: >= 700 } && Math.Abs(box.Width - box.Height) < 1, $"full-screen QR code drawn at {box?.Width}x{box?.Height} px");
        var (rgba, width, height) = await PixelsOfAsync(page, await page.ScreenshotAsync());
        Assert.Equal(joinUrl, DecodeQr(rgba, width, height));
        await DocScreenshots.SaveAsync(page, "web-join-qr-full-screen");
        await Axe.AssertNoSeriousViolationsAsync(page);

        // More presses than the page has controls, both ways: the focus stays inside.
        foreach (var key in Enumerable.Repeat("Tab", 12).Concat(Enumerable.Repeat("Shift+Tab", 12)))
        {
            await page.Keyboard.PressAsync(key);
            Assert.True(
                await full.EvaluateAsync<bool>("dialog => dialog.contains(document.activeElement)"),
                $"after {key} the focus left the dialog for {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 80) ?? 'nothing'")}");
        }

        Assert.False(
            await page.EvaluateAsync<bool>("() => { const field = document.querySelector('#session-name'); field.focus(); return document.activeElement === field; }"),
            "a field behind the dialog took the focus");
        Assert.False(await IsInAccessibilityTreeAsync(page, "button", "Sign out"), "a screen reader still reaches the page's Sign out button behind the dialog");
        Assert.True(await IsInAccessibilityTreeAsync(page, "button", "Close"), "the dialog's Close button is not in the accessibility tree");

        await page.Keyboard.PressAsync("Escape");

        await Expect(full).ToHaveCountAsync(0);
        await Expect(open).ToBeFocusedAsync();
        await Expect(panel.Locator("[data-qr]")).ToBeVisibleAsync();
        Assert.True(await IsInAccessibilityTreeAsync(page, "button", "Sign out"), "the page stayed hidden from screen readers after the dialog closed");

        // Opened and closed again from the keyboard alone: Enter on the focused button, Tab to Close, Enter.
        await page.Keyboard.PressAsync("Enter");
        await Expect(full).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(full.Locator("[data-action=close-qr-full-screen]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(full).ToHaveCountAsync(0);
        await Expect(open).ToBeFocusedAsync();
    }

    /// <summary>One form, two mistakes in turn: each is named, and neither creates a session.</summary>
    [Fact]
    public async Task CreateSession_NoNameThenHrMaxOutOfRange_SaysWhatToFixAndCreatesNothing()
    {
        var page = await NewPageAsync();
        await SignInAsync(page);
        var before = (await App.Hub.ListSessionsAsync()).Length;

        await page.Locator("[data-action=create-session]").ClickAsync();

        await Expect(page.Locator("[data-create-error]")).ToContainTextAsync("Give the session a name");
        Assert.Equal(before, (await App.Hub.ListSessionsAsync()).Length);

        await page.Locator("#session-name").FillAsync("Friday tempo");
        await page.Locator("#hr-max").FillAsync("300");
        await page.Locator("[data-action=create-session]").ClickAsync();

        await Expect(page.Locator("[data-create-error]")).ToContainTextAsync($"{CreateSessionRequest.MinHrMaxBpm}–{CreateSessionRequest.MaxHrMaxBpm} bpm");
        await Expect(page.Locator("[data-join-panel]")).ToHaveCountAsync(0);
        Assert.Equal(before, (await App.Hub.ListSessionsAsync()).Length);
    }

    /// <summary>The join page on a phone: the code, the relay commands for this hub, and nothing serious for axe-core.</summary>
    [Fact]
    public async Task JoinPage_ShowsTheCodeAndTheRelayCommandForThisHub()
    {
        var session = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Join page" });
        var page = await NewPageAsync(Phone);

        await page.GotoAsync($"/join/{session.JoinCode}");

        await Expect(page.Locator("h1 [data-join-code]")).ToHaveTextAsync(session.JoinCode);
        var hub = App.Hub.BaseUrl.ToString().TrimEnd('/');
        await Expect(page.Locator("[data-command=run]")).ToHaveTextAsync(
            $"dotnet run --project relay -- run --hub {hub} --join {session.JoinCode} --name \"Your name\" --source ble --speech espeak");
        await Expect(page.Locator("[data-command=sim]")).ToContainTextAsync("--source sim:steady");
        await DocScreenshots.SaveAsync(page, "web-join-phone", fullPage: true);
        await Axe.AssertNoSeriousViolationsAsync(page);
    }

    /// <summary>
    /// Whether Chromium's accessibility tree (what a screen reader reads, over the DevTools protocol) holds a node of
    /// <paramref name="role"/> named <paramref name="name"/> that is not ignored (inert or hidden content is ignored).
    /// </summary>
    private static async Task<bool> IsInAccessibilityTreeAsync(IPage page, string role, string name)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        try
        {
            var tree = await cdp.SendAsync("Accessibility.getFullAXTree");
            return tree!.Value.GetProperty("nodes").EnumerateArray().Any(node =>
                !node.GetProperty("ignored").GetBoolean()
                && node.TryGetProperty("role", out var r) && r.GetProperty("value").GetString() == role
                && node.TryGetProperty("name", out var n) && n.TryGetProperty("value", out var v) && v.GetString() == name);
        }
        finally
        {
            await cdp.DetachAsync();
        }
    }

    /// <summary>The QR code's SVG drawn onto a canvas in the page: its RGBA pixels.</summary>
    private static async Task<byte[]> RasterizeAsync(ILocator qr)
    {
        var base64 = await qr.EvaluateAsync<string>(
            """
            async (figure, size) => {
                const svg = figure.querySelector('svg');
                const image = new Image();
                image.src = 'data:image/svg+xml;base64,' + btoa(new XMLSerializer().serializeToString(svg));
                await image.decode();
                const canvas = document.createElement('canvas');
                canvas.width = size;
                canvas.height = size;
                const context = canvas.getContext('2d');
                context.fillStyle = '#ffffff';
                context.fillRect(0, 0, size, size);
                context.drawImage(image, 0, 0, size, size);
                const pixels = context.getImageData(0, 0, size, size).data;
                let binary = '';
                for (let i = 0; i < pixels.length; i += 8192) {
                    binary += String.fromCharCode.apply(null, pixels.subarray(i, i + 8192));
                }
                return btoa(binary);
            }
            """,
            QrPixels);
        return Convert.FromBase64String(base64);
    }

    /// <summary>A screenshot (PNG) decoded by the page's own canvas: its RGBA pixels and size.</summary>
    private static async Task<(byte[] Rgba, int Width, int Height)> PixelsOfAsync(IPage page, byte[] png)
    {
        var answer = await page.EvaluateAsync<System.Text.Json.JsonElement>(
            """
            async png => {
                const image = new Image();
                image.src = 'data:image/png;base64,' + png;
                await image.decode();
                const canvas = document.createElement('canvas');
                canvas.width = image.naturalWidth;
                canvas.height = image.naturalHeight;
                const context = canvas.getContext('2d');
                context.drawImage(image, 0, 0);
                const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
                let binary = '';
                for (let i = 0; i < pixels.length; i += 8192) {
                    binary += String.fromCharCode.apply(null, pixels.subarray(i, i + 8192));
                }
                return { width: canvas.width, height: canvas.height, rgba: btoa(binary) };
            }
            """,
            Convert.ToBase64String(png));
        return (Convert.FromBase64String(answer.GetProperty("rgba").GetString()!), answer.GetProperty("width").GetInt32(), answer.GetProperty("height").GetInt32());
    }

    private static string DecodeQr(byte[] rgba, int width = QrPixels, int height = QrPixels)
    {
        var source = new RGBLuminanceSource(rgba, width, height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
        Assert.NotNull(result);
        return result.Text;
    }
}
