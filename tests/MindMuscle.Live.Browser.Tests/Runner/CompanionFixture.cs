using MindMuscle.Live.Browser.Tests.Browsers;

namespace MindMuscle.Live.Browser.Tests.Runner;

/// <summary>
/// The runner companion's world: the real hub (its build output) as a child process on 127.0.0.1, and Debian's Chromium
/// with Web Bluetooth switched on (without the feature flag <c>navigator.bluetooth</c> is undefined on Linux), so the
/// DevTools protocol's <c>BluetoothEmulation</c> can stand in for a strap.
/// </summary>
public sealed class CompanionFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private HubChildProcess? _hub;

    public string? Missing { get; private set; }

    public HubChildProcess Hub => _hub ?? throw new InvalidOperationException(Missing ?? "the hub is not started");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(Missing ?? "the browser is not started");

    public async ValueTask InitializeAsync()
    {
        Missing = Chromium.MissingReason;
        if (Missing is not null)
        {
            return;
        }

        _hub = await HubChildProcess.StartAsync(TestContext.Current.CancellationToken);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--enable-features=WebBluetooth"],
        });
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
