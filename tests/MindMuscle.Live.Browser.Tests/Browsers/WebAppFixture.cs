using MindMuscle.Live.Browser.Tests.Browsers;

namespace MindMuscle.Live.Browser.Tests;

/// <summary>
/// One test class's world: the real hub from its build output (serving web/) as a child process on 127.0.0.1 over a
/// fresh data folder, and one Chromium. Tests open their own browser context (fresh storage, fresh service worker).
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private HubChildProcess? _hub;

    /// <summary>Why this class cannot run (no Chromium), checked by every test before it starts.</summary>
    public string? Missing { get; private set; }

    public HubChildProcess Hub => _hub ?? throw new InvalidOperationException(Missing ?? "the hub is not started");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(Missing ?? "the browser is not started");

    public static string CoachKey => HubChildProcess.CoachKey;

    public async ValueTask InitializeAsync()
    {
        Missing = Chromium.MissingReason;
        if (Missing is not null)
        {
            return;
        }

        // The hub's own log level for its categories and ASP.NET's, so the log a coach would keep is the one searched
        // for tokens; the hub itself keeps request URLs (access_token) below that.
        var environment = new Dictionary<string, string>
        {
            ["Logging__LogLevel__MindMuscle"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
        };
        _hub = await HubChildProcess.StartAsync(null, environment, TestContext.Current.CancellationToken);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
