using MindMuscle.Live.Core.Contracts;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Shell;

/// <summary>
/// The trackside rules measured in the rendered page (touch targets at least 44 px, no text under 14 px) on a tablet
/// and a phone; the same runs take the docs' screenshots.
/// </summary>
public sealed class SunlightLayoutTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    protected override bool InstallsServiceWorker => false;

    /// <summary>The devices in turn on one page (the layout follows the viewport's size): tablet first, then phone.</summary>
    private static readonly (string Name, ViewportSize Viewport)[] Devices = [("tablet", Tablet), ("phone", Phone)];

    [Fact]
    public async Task SignIn_TargetsAndText_AreBigEnough_OnTabletAndPhone()
    {
        var page = await NewPageAsync(Tablet);
        await page.GotoAsync("/");
        await Expect(page.Locator("#coach-key")).ToBeVisibleAsync();

        foreach (var (device, viewport) in Devices)
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);

            await AssertSunlightRulesAsync(page, device);
            await DocScreenshots.SaveAsync(page, $"web-sign-in-{device}");
        }
    }

    [Fact]
    public async Task Sessions_TargetsAndText_AreBigEnough_OnTabletAndPhone()
    {
        var running = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Tuesday 6x800", AutoCue = AutoCueMode.Suggest });
        await App.Hub.JoinAsync(running.JoinCode, "Ana", Ct);
        await App.Hub.EndSessionAsync((await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Monday easy" })).SessionId);
        var page = await NewPageAsync(Tablet);
        await SignInAsync(page);
        await page.Locator($"[data-session-id='{running.SessionId}'] [data-action=show-join]").ClickAsync();
        await Expect(page.Locator("[data-join-panel] [data-join-code]")).ToHaveTextAsync(running.JoinCode);

        foreach (var (device, viewport) in Devices)
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);

            await AssertSunlightRulesAsync(page, device);
            await DocScreenshots.SaveAsync(page, $"web-sessions-{device}", fullPage: true);
        }
    }

    private static async Task AssertSunlightRulesAsync(IPage page, string device)
    {
        var smallText = await page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('body *')]
                .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
                .filter(el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim().length > 0))
                .filter(el => parseFloat(getComputedStyle(el).fontSize) < 14)
                .map(el => `${el.tagName} ${getComputedStyle(el).fontSize} "${el.textContent.trim().slice(0, 40)}"`)
            """);
        Assert.True(smallText.Length == 0, $"{device}: text under 14 px: " + string.Join("; ", smallText));

        // Links inside running text are exempt (as in WCAG 2.5.8); a checkbox or radio counts with its label.
        var smallTargets = await page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('button, a[href], input, select, textarea, [role=button]')]
                .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
                .filter(el => !(el.tagName === 'A' && el.closest('p, li, dd, pre')))
                .map(el => (el.type === 'checkbox' || el.type === 'radio') && el.closest('label') ? el.closest('label') : el)
                .map(el => ({ el, r: el.getBoundingClientRect() }))
                .filter(({ r }) => r.width < 44 || r.height < 44)
                .map(({ el, r }) => `${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`)
            """);
        Assert.True(smallTargets.Length == 0, $"{device}: touch targets under 44 px: " + string.Join("; ", smallTargets));
    }
}
