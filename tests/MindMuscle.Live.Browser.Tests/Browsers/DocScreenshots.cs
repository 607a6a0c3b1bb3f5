namespace MindMuscle.Live.Browser.Tests;

/// <summary>
/// The README's and docs/web.md's pictures of the app, taken by the tests that drive it. A test run writes them to
/// TestResults/screenshots/ so that it never dirties the checkout; <c>MML_UPDATE_SCREENSHOTS=1</c> writes them over
/// docs/screenshots/ to refresh the docs.
/// </summary>
public static class DocScreenshots
{
    public static Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = RepoPaths.Of(Environment.GetEnvironmentVariable("MML_UPDATE_SCREENSHOTS") == "1" ? "docs/screenshots" : "TestResults/screenshots");
        Directory.CreateDirectory(folder);
        return page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
    }
}
