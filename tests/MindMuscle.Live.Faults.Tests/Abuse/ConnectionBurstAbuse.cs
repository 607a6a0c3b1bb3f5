using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MindMuscle.Live.Core.Contracts;
using static MindMuscle.Live.Faults.Tests.Abuse.AbuseClient;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>Fresh TCP connections (Connection: close), each a negotiate without a token: 401 each, all served.</summary>
internal static class ConnectionBurstAbuse
{
    public static async Task<string> RunAsync(HubTestHost hub, int attempts, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.Zero };
        using var client = new HttpClient(handler) { BaseAddress = hub.BaseAddress, Timeout = Step };
        var statuses = new ConcurrentDictionary<string, int>();
        var next = -1;
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 128).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < attempts)
            {
                string outcome;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"{LiveHubContract.Path}/negotiate?negotiateVersion=1");
                    request.Headers.ConnectionClose = true;
                    using var response = await client.SendAsync(request, ct);
                    outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException ex)
                {
                    outcome = $"error:{ex.HttpRequestError}";
                }

                statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        }, ct)));

        // Every attempt got the hub's answer (401: negotiate needs a token); none hung, none reset.
        Assert.Equal(attempts, statuses.GetValueOrDefault("401"));
        return $"{attempts} connections in {started.Elapsed.TotalSeconds:0.0} s ({attempts / started.Elapsed.TotalSeconds:0}/s): " +
               string.Join(", ", statuses.Select(kv => $"{kv.Key}×{kv.Value}"));
    }
}
