// The web app's first load over the wire: what a fresh browser (no cache, no service worker) downloads until the
// sign-in page is shown, as DevTools counts it (the encoded length of every response: compressed bodies plus headers).
// Debian's Chromium ($MML_CHROMIUM overrides the path), driven by Playwright; nothing is downloaded.
//
//   dotnet publish hub -c Release -o ./hub-out && dotnet ./hub-out/MindMuscle.Live.Hub.dll --urls http://127.0.0.1:5080 --data ./data &
//   dotnet run --file scripts/first-load.cs -- http://127.0.0.1:5080/
//
// Prints the total, the request count and the ten largest responses. Exit 0; 1 when the page did not show sign-in.
#:package Microsoft.Playwright
#:property PublishAot=false
using System.Globalization;
using Microsoft.Playwright;

if (args.Length != 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var hub))
{
    Console.Error.WriteLine("usage: dotnet run --file scripts/first-load.cs -- HUB_URL   (e.g. http://127.0.0.1:5080/)");
    return 2;
}

var chromium = Environment.GetEnvironmentVariable("MML_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
// No service worker: its install would download the app a second time, which is not what the coach waits for.
await using var context = await browser.NewContextAsync(new() { ServiceWorkers = ServiceWorkerPolicy.Block });
var page = await context.NewPageAsync();
var cdp = await context.NewCDPSessionAsync(page);
var urls = new Dictionary<string, string>();
var sizes = new List<(string Url, double Bytes)>();
cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) =>
{
    lock (sizes)
    {
        urls[e!.Value.GetProperty("requestId").GetString()!] = e.Value.GetProperty("request").GetProperty("url").GetString()!;
    }
};
cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
{
    lock (sizes)
    {
        var id = e!.Value.GetProperty("requestId").GetString()!;
        sizes.Add((urls.GetValueOrDefault(id, id), e.Value.GetProperty("encodedDataLength").GetDouble()));
    }
};
await cdp.SendAsync("Network.enable");
await cdp.SendAsync("Network.setCacheDisabled", new Dictionary<string, object> { ["cacheDisabled"] = true });

await page.GotoAsync(hub.ToString());
try
{
    await page.Locator("#coach-key").WaitForAsync(new() { Timeout = 120_000 });
}
catch (TimeoutException)
{
    Console.Error.WriteLine($"first-load: the sign-in page did not show within 2 minutes at {hub}");
    return 1;
}

await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
lock (sizes)
{
    var total = sizes.Sum(s => s.Bytes);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first load: {total / 1_000_000:0.00} MB ({total:0} bytes) in {sizes.Count} requests, {browser.Version}"));
    foreach (var (url, bytes) in sizes.OrderByDescending(s => s.Bytes).Take(10))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / 1000,8:0.0} KB  {new Uri(url).AbsolutePath}"));
    }
}

return 0;
