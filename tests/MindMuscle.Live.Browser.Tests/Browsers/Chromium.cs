namespace MindMuscle.Live.Browser.Tests.Browsers;

/// <summary>
/// Debian's Chromium (installed by scripts/install-deps.sh), or the binary <see cref="PathVariable"/> names. Playwright
/// drives it with its own bundled driver; no browser is ever downloaded.
/// </summary>
public static class Chromium
{
    public const string PathVariable = "MML_CHROMIUM";
    public const string DefaultPath = "/usr/bin/chromium";

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>Why the browser tests cannot run here, or null when Chromium is present.</summary>
    public static string? MissingReason =>
        File.Exists(ExecutablePath)
            ? null
            : $"Chromium is not installed at {ExecutablePath}: run `bash scripts/install-deps.sh chromium` " +
              $"(or sudo apt-get install -y --no-install-recommends chromium), or set {PathVariable} to a Chromium binary";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);

        // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
        return playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = ["--no-sandbox"] });
    }
}
