using System.Net.Http.Headers;

namespace MindMuscle.Live.Deployment.Tests.Deploy;

/// <summary>deploy/nginx.conf: SignalR's negotiate and transport requests of one client must land on one hub node.</summary>
public sealed class NginxConfTests(NginxProxyFixture proxy) : IClassFixture<NginxProxyFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Proxy_TokenInHeaderOrQuery_SendsNegotiateAndTransportToTheSameNode()
    {
        proxy.SkipIfUnavailable();
        using var http = CreateClient();
        var tokens = Enumerable.Range(1, 20).Select(Token).ToList();

        var pairs = new List<(string Negotiate, string Transport, string Again)>();
        foreach (var token in tokens)
        {
            // .NET clients: Authorization header on negotiate and on the WebSocket; browsers: access_token in the query.
            var negotiate = await SendAsync(http, HttpMethod.Post, "hubs/live/negotiate?negotiateVersion=1", token);
            var transport = await SendAsync(http, HttpMethod.Get, $"hubs/live?id=abc&access_token={token}", bearer: null);
            var again = await SendAsync(http, HttpMethod.Get, "hubs/live?id=abc", token);
            pairs.Add((negotiate, transport, again));
        }

        Assert.All(pairs, p =>
        {
            Assert.Equal(p.Negotiate, p.Transport);
            Assert.Equal(p.Negotiate, p.Again);
        });
    }

    [Fact]
    public async Task Proxy_ManyClients_SpreadOverBothNodes()
    {
        proxy.SkipIfUnavailable();
        using var http = CreateClient();

        var nodes = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            nodes.Add(await SendAsync(http, HttpMethod.Post, "hubs/live/negotiate?negotiateVersion=1", Token(1000 + i)));
        }

        Assert.InRange(nodes.Count(n => n == "A"), 25, 75);
        Assert.InRange(nodes.Count(n => n == "B"), 25, 75);
    }

    [Fact]
    public async Task Proxy_RequestsWithoutToken_StickToTheClientAddress()
    {
        proxy.SkipIfUnavailable();
        using var http = CreateClient();

        var nodes = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            nodes.Add(await SendAsync(http, HttpMethod.Get, "healthz", bearer: null));
        }

        Assert.Single(nodes.Distinct());
    }

    [Fact]
    public async Task Proxy_AccessLog_NeverContainsTokens()
    {
        proxy.SkipIfUnavailable();
        using var http = CreateClient();
        var token = Token(4242);

        await SendAsync(http, HttpMethod.Get, $"hubs/live?id=abc&access_token={token}", bearer: null);
        await SendAsync(http, HttpMethod.Post, "hubs/live/negotiate?negotiateVersion=1", token);

        var log = await ReadLogWhenAsync(l => l.Contains("/hubs/live/negotiate", StringComparison.Ordinal));
        Assert.Contains("\"GET /hubs/live\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token", log, StringComparison.Ordinal);
    }

    private HttpClient CreateClient() => new() { BaseAddress = proxy.BaseAddress, Timeout = Timeout };

    private static string Token(int i) => $"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJydW5uZXItezwvaX0ifQ.sig{i:D4}";

    private static async Task<string> SendAsync(HttpClient http, HttpMethod method, string path, string? bearer)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var ct = TestContext.Current.CancellationToken;
        using var response = await http.SendAsync(request, ct).WaitAsync(Timeout, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(ct).WaitAsync(Timeout, ct);
    }

    private async Task<string> ReadLogWhenAsync(Func<string, bool> ready)
    {
        // nginx writes the access log line after the response is sent: wait for it, bounded.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Timeout);
        while (true)
        {
            var log = File.Exists(proxy.AccessLogPath) ? await File.ReadAllTextAsync(proxy.AccessLogPath, deadline.Token) : "";
            if (ready(log))
            {
                return log;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
