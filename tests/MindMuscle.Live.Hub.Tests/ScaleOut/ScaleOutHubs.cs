using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.ScaleOut;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Hub.Tests.ScaleOut;

/// <summary>
/// Two real hubs (Kestrel on 127.0.0.1, in-process) sharing one PostgreSQL database (a fresh one per pair) and one
/// redis-server, with the same signing and coach keys, as in docker-compose.yml.
/// </summary>
internal sealed class ScaleOutHubs : IAsyncDisposable
{
    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 48).Select(i => (byte)(i * 7)).ToArray());

    private ScaleOutHubs(HubTestHost a, HubTestHost b, RedisTimeline timeline)
    {
        A = a;
        B = b;
        Timeline = timeline;
    }

    public HubTestHost A { get; }

    public HubTestHost B { get; }

    /// <summary>Both hubs' Redis log lines, for failure messages.</summary>
    public RedisTimeline Timeline { get; }

    // coreAlerts: core's real alert engine on both nodes instead of the small heart-rate one.
    public static async Task<ScaleOutHubs> StartAsync(RedisServerFixture redis, PostgresServerFixture postgres, bool coreAlerts = false)
    {
        redis.SkipIfUnavailable();
        postgres.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await redis.StartAsync(ct).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var store = await postgres.CreateDatabaseAsync("scaleout_" + Guid.NewGuid().ToString("N")[..10], ct);
        var settings = new Dictionary<string, string?>
        {
            ["Hub:Store"] = "postgres",
            ["Hub:Postgres"] = store,
            ["Hub:Redis"] = redis.ConnectionString,
            ["Hub:JwtSigningKey"] = SigningKey,
        };
        var timeline = new RedisTimeline();
        Action<IServiceCollection> Services(string hub) => services =>
        {
            services.AddSingleton(timeline.For(hub));
            // The connection events are Information; the hosts log Warning and up elsewhere.
            services.AddLogging(l => l.AddFilter<RedisTimeline.Provider>(null, LogLevel.Debug));
            if (!coreAlerts)
            {
                UseHeartRateAlerts(services);
            }
        };

        var a = HubTestHost.Start(settings, Services("A"));
        var b = HubTestHost.Start(settings, Services("B"));
        foreach (var host in new[] { a, b })
        {
            await host.Services.GetRequiredService<RedisSessionBus>().Subscribed.WaitAsync(HubTestHost.Timeout, ct);
        }

        return new ScaleOutHubs(a, b, timeline);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    /// <summary>A small real engine for these tests: heart rate at or above 190 raises one alert per runner, below clears it.</summary>
    private static void UseHeartRateAlerts(IServiceCollection services)
    {
        services.RemoveAll<IAlertEngineFactory>();
        services.AddSingleton<IAlertEngineFactory>(new HeartRateAlerts());
    }

    private sealed class HeartRateAlerts : IAlertEngineFactory
    {
        public IAlertEngine Create(string sessionId, AlertSettings settings) => new Engine();

        private sealed class Engine : IAlertEngine
        {
            private readonly Dictionary<string, FormAlert> _open = new(StringComparer.Ordinal);

            public void Feed(string runnerId, ReadOnlySpan<MetricSample> samples, ICollection<AlertEvent> events)
            {
                foreach (var s in samples)
                {
                    if (s.HeartRateBpm >= 190 && !_open.ContainsKey(runnerId))
                    {
                        var alert = new FormAlert
                        {
                            AlertId = $"hr-{runnerId}-{s.Seq}",
                            Kind = AlertKind.HrCeiling,
                            RunnerId = runnerId,
                            StartedAt = s.ObservedAt,
                            Current = s.HeartRateBpm,
                            Message = "Heart rate at the ceiling",
                        };
                        _open[runnerId] = alert;
                        events.Add(new AlertEvent(AlertEventKind.Raised, alert));
                    }
                    else if (s.HeartRateBpm < 190 && _open.Remove(runnerId, out var open))
                    {
                        events.Add(new AlertEvent(AlertEventKind.Cleared, open with { ClearedAt = s.ObservedAt }));
                    }
                }
            }

            public void Tick(long nowUnixMs, ICollection<AlertEvent> events)
            {
            }

            public void RemoveRunner(string runnerId, long atUnixMs, ICollection<AlertEvent> events) => _open.Remove(runnerId);
        }
    }

    public static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
