namespace MindMuscle.Live.Browser.Tests;

/// <summary>The README's and docs/web.md's pictures of the app, taken by the tests that drive it.</summary>
public static class DocScreenshots
{
    public static Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = RepoPaths.Of("docs/screenshots");
        Directory.CreateDirectory(folder);
        return page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
    }
}
