using Microsoft.Extensions.Logging;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.TestKit.Hosting;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>
/// The real hub in the test process (the kit's <see cref="HubTestHost"/>), so the abuse tests can read the hub's own
/// meters (<c>MindMuscle.Live.Hub</c>, Kestrel, rate limiting), and sign tokens the hub would otherwise accept.
/// </summary>
internal static class AbuseHub
{
    /// <summary>Known to the test so it can mint expired tokens the hub would otherwise accept.</summary>
    public static readonly byte[] SigningKey = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];

    /// <summary>Starts the hub; <paramref name="settings"/> override configuration (e.g. <c>Hub:PublishRateLimit</c>).</summary>
    public static HubTestHost Start(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Hub:JwtSigningKey"] = Convert.ToBase64String(SigningKey),
        };
        return HubTestHost.Start(all, minimumLogLevel: LogLevel.Error);
    }

    /// <summary>The hub's counters, Kestrel's connections and the rate limiter's requests, keyed by the tag that tells refusals apart.</summary>
    public static MeterTotals Meters(HubTestHost hub) => new(
        hub.Services,
        i => i.Meter.Name == HubMetrics.MeterName || i.Name is "kestrel.active_connections" or "aspnetcore.rate_limiting.requests",
        "reason", "role", "aspnetcore.rate_limiting.result");
}
