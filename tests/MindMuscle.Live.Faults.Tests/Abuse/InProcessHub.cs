using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>
/// The real hub on Kestrel at 127.0.0.1 (port 0) in the test process, so the test can read the hub's own meters
/// (<c>MindMuscle.Live.Hub</c>, Kestrel, rate limiting) with a <see cref="MeterListener"/> scoped to this host.
/// </summary>
internal sealed class InProcessHub : IAsyncDisposable
{
    public const string CoachKey = "abuse-suite-coach-key";

    /// <summary>Known to the test so it can mint expired tokens the hub would otherwise accept.</summary>
    public static readonly byte[] SigningKey = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];

    private readonly Factory _factory;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    private InProcessHub(string dataPath, IReadOnlyDictionary<string, string?>? settings)
    {
        DataPath = dataPath;
        _factory = new Factory(dataPath, settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var scope = _factory.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope)
                && (instrument.Meter.Name == HubMetrics.MeterName || instrument.Name is "kestrel.active_connections" or "aspnetcore.rate_limiting.requests"))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            // Keyed by instrument and the one tag that tells refusals apart.
            string? tag = null;
            foreach (var t in tags)
            {
                if (t.Key is "reason" or "role" or "aspnetcore.rate_limiting.result")
                {
                    tag = t.Value?.ToString();
                }
            }

            _totals.AddOrUpdate(tag is null ? instrument.Name : $"{instrument.Name}/{tag}", value, (_, v) => v + value);
        });
        _listener.Start();
    }

    public string DataPath { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the hub; <paramref name="settings"/> override configuration (e.g. <c>Hub:PublishRateLimit</c>).</summary>
    public static InProcessHub Start(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(Directory.CreateTempSubdirectory("mml-abuse-").FullName, settings);

    /// <summary>Sum of a counter's measurements so far (<c>name</c> or <c>name/tag</c>).</summary>
    public long Total(string key) => _totals.GetValueOrDefault(key);

    public IReadOnlyDictionary<string, long> Totals => _totals;

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Http.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by SQLite's pool; the temp folder is the OS's to clean.
        }
    }

    private sealed class Factory(string dataPath, IReadOnlyDictionary<string, string?>? settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("data", dataPath);
            builder.UseSetting("coach-key", CoachKey);
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.UseSetting("Hub:JwtSigningKey", Convert.ToBase64String(SigningKey));
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Error));
        }
    }
}
