using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Ingest;
using MindMuscle.Live.Hub.Telemetry;
using static MindMuscle.Live.TestKit.Waiting.Polling;

namespace MindMuscle.Live.Hub.Tests.Ingest;

public sealed partial class PublishRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-25T18:00:00Z", CultureInfo.InvariantCulture));

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void TryTake_BurstSpent_RefusesWithTheWaitUntilTheNextToken()
    {
        var bucket = CreateSut(capacity: 3, perSecond: 10);

        var taken = Enumerable.Range(0, 3).Select(_ => Take(bucket)).ToArray();
        var refused = bucket.TryTake(out var retryAfter, out _);

        Assert.All(taken, Assert.True);
        Assert.False(refused);
        Assert.Equal(TimeSpan.FromMilliseconds(100), retryAfter);
    }

    [Fact]
    public void TryTake_AfterTheAnnouncedWait_LetsExactlyOneThrough()
    {
        var bucket = CreateSut(capacity: 2, perSecond: 10);
        bucket.TryTake(out _, out _);
        bucket.TryTake(out _, out _);
        bucket.TryTake(out var retryAfter, out _);

        _time.Advance(retryAfter - TimeSpan.FromMilliseconds(1));
        var early = bucket.TryTake(out var stillWait, out _);
        _time.Advance(stillWait);
        var onTime = bucket.TryTake(out _, out _);
        var next = bucket.TryTake(out var nextWait, out _);

        Assert.False(early);
        Assert.True(stillWait > TimeSpan.Zero && stillWait <= TimeSpan.FromMilliseconds(1.0001), $"still wait {stillWait}");
        Assert.True(onTime);
        Assert.False(next);
        Assert.Equal(100, nextWait.TotalMilliseconds, 0.001);
    }

    [Fact]
    public void TryTake_IdleForAnHour_RefillsOnlyUpToTheBurst()
    {
        var bucket = CreateSut(capacity: 5, perSecond: 50);
        for (var i = 0; i < 5; i++)
        {
            bucket.TryTake(out _, out _);
        }

        _time.Advance(TimeSpan.FromHours(1));
        var taken = Enumerable.Range(0, 6).Count(_ => Take(bucket));

        Assert.Equal(5, taken);
    }

    [Fact]
    public void TryTake_FloodOfRefusals_ReportedOnceThenOncePerLogIntervalWithTheCount()
    {
        // One token a minute: nothing refills during the flood, every take after the first is refused.
        var bucket = CreateSut(capacity: 1, perSecond: 1.0 / 60, logInterval: TimeSpan.FromSeconds(5));
        bucket.TryTake(out _, out _);
        var reports = new List<TokenBucket.RefusalReport>();

        // 1,000 refusals a second for 12 s.
        for (var i = 0; i < 12_000; i++)
        {
            Assert.False(bucket.TryTake(out _, out var report));
            if (report is { } r)
            {
                reports.Add(r);
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(3, reports.Count);
        Assert.Equal(new TokenBucket.RefusalReport(First: true, Refused: 1, Since: TimeSpan.Zero), reports[0]);
        Assert.Equal(new TokenBucket.RefusalReport(First: false, Refused: 5_000, Since: TimeSpan.FromSeconds(5)), reports[1]);
        Assert.Equal(new TokenBucket.RefusalReport(First: false, Refused: 5_000, Since: TimeSpan.FromSeconds(5)), reports[2]);
    }

    [Fact]
    public async Task Publish_RunnerFloods_RefusedTypedCountedLoggedOnceHealthyRunnerUnaffectedNothingRefusedRecorded()
    {
        // Burst 10, then one publish per 10 s: nothing meaningful refills while the test runs.
        var logs = new CapturingLoggerProvider();
        await using var host = HubTestHost.Start(
            new Dictionary<string, string?> { ["Hub:PublishRateLimit"] = "0.1", ["Hub:PublishBurst"] = "10" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var meters = new RejectedCounter(host);
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var ben = await host.JoinAsync(session.JoinCode, "Ben");
        var coach = await host.ConnectAsync(session.CoachToken);
        var coachSeqs = new ConcurrentDictionary<(string, long), byte>();
        coach.On<SamplesFrame>(LiveHubContract.Samples, f =>
        {
            foreach (var r in f.Runners)
            {
                foreach (var s in r.Samples)
                {
                    coachSeqs[(r.RunnerId, s.Seq)] = 0;
                }
            }
        });
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct);
        var flooder = await host.ConnectAsync(ana.RunnerToken, messagePack: true);
        var healthy = await host.ConnectAsync(ben.RunnerToken);

        // Act: Ana fires 60 one-sample batches as fast as the hub answers; then Ben publishes 5 and Ana tries HTTP ingest.
        var acked = new List<long>();
        var refusals = new List<HubException>();
        var flood = Stopwatch.StartNew();
        for (var seq = 1L; seq <= 60; seq++)
        {
            try
            {
                await flooder.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [Sample(seq)] }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
                acked.Add(seq);
            }
            catch (HubException ex)
            {
                refusals.Add(ex);
            }
        }

        flood.Stop();
        var benAcks = new List<PublishAck>();
        for (var seq = 1L; seq <= 5; seq++)
        {
            benAcks.Add(await healthy.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [Sample(seq)] }, Ct));
        }

        using var rest = await PostIngestAsync(host, ana.RunnerToken, new SampleBatch { Samples = [Sample(61)] });
        var problem = await rest.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>(Ct);

        // Assert: the burst went through, the rest was refused with the typed error naming the wait; the connection stays.
        Assert.True(acked.Count is >= 10 and <= 12, $"{acked.Count} acked");
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), acked.Take(10));
        Assert.Equal(60 - acked.Count, refusals.Count);
        foreach (var refusal in refusals)
        {
            Assert.Contains("Rate limited: ", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("nothing of this batch was recorded", refusal.Message, StringComparison.Ordinal);
            var ms = long.Parse(RetryAfterMs().Match(refusal.Message).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.InRange(ms, 1, 10_000);
        }

        Assert.Equal(HubConnectionState.Connected, flooder.State);

        // The other runner of the session has its own budget.
        Assert.Equal([1L, 2, 3, 4, 5], benAcks.Select(a => a.UpTo));

        // HTTP ingest shares the runner's budget: 429 problem+json with Retry-After and the exact wait.
        Assert.Equal(HttpStatusCode.TooManyRequests, rest.StatusCode);
        Assert.Equal("application/problem+json", rest.Content.Headers.ContentType?.MediaType);
        Assert.True(rest.Headers.RetryAfter?.Delta is { } after && after >= TimeSpan.FromSeconds(1) && after <= TimeSpan.FromSeconds(10), $"Retry-After {rest.Headers.RetryAfter}");
        Assert.Equal(PublishRateLimiter.Reason, problem!["reason"].GetString());
        Assert.InRange(problem["retryAfterMs"].GetInt64(), 1, 10_000);
        Assert.Contains("nothing of this batch was recorded", problem["detail"].GetString(), StringComparison.Ordinal);

        // Counted by reason, one per refusal; logged once per 5 s log interval (once, unless the machine is very slow), not per batch.
        var refused = refusals.Count + 1;
        Assert.Equal(refused, meters.Total(PublishRateLimiter.Reason));
        var lines = logs.Events.Where(e => e.Name?.Contains("RateLimited", StringComparison.Ordinal) == true).ToArray();
        Assert.InRange(lines.Length, 1, 1 + (int)(flood.Elapsed / PublishRateLimiter.LogInterval));
        Assert.Equal("PublishRateLimited", lines[0].Name);
        Assert.Contains(ana.RunnerId, lines[0].Message, StringComparison.Ordinal);
        Assert.Contains(session.SessionId, lines[0].Message, StringComparison.Ordinal);

        // Nothing of a refused batch was recorded or shown: Ana holds exactly the acked seqs, Ben 1..5.
        var recorded = RecordedByRunner(host, session.SessionId);
        Assert.Equal(acked, recorded[ana.RunnerId]);
        Assert.Equal([1L, 2, 3, 4, 5], recorded[ben.RunnerId]);
        await WaitUntilAsync(() => coachSeqs.ContainsKey((ben.RunnerId, 5)), HubTestHost.Timeout, Ct);
        Assert.Equal(acked, coachSeqs.Keys.Where(k => k.Item1 == ana.RunnerId).Select(k => k.Item2).Order());
    }

    [Fact]
    public async Task Publish_RateLimitZero_FloodServedInFull()
    {
        await using var host = HubTestHost.Start(new Dictionary<string, string?> { ["Hub:PublishRateLimit"] = "0", ["Hub:PublishBurst"] = "1" });
        using var meters = new RejectedCounter(host);
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken);

        PublishAck? last = null;
        for (var seq = 1L; seq <= 30; seq++)
        {
            last = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [Sample(seq)] }, Ct);
        }

        Assert.Equal(30, last!.UpTo);
        Assert.Equal(0, meters.Total(PublishRateLimiter.Reason));
    }

    private TokenBucket CreateSut(double capacity, double perSecond, TimeSpan? logInterval = null) =>
        new(capacity, perSecond, _time, logInterval ?? TimeSpan.FromSeconds(5));

    private static bool Take(TokenBucket bucket) => bucket.TryTake(out _, out _);

    private static MetricSample Sample(long seq) => new() { Seq = seq, ObservedAt = Now, HeartRateBpm = 150, CadenceSpm = 178 };

    private static async Task<HttpResponseMessage> PostIngestAsync(HubTestHost host, string token, SampleBatch batch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest") { Content = JsonContent.Create(batch) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Http.SendAsync(request, Ct);
    }

    private static Dictionary<string, List<long>> RecordedByRunner(HubTestHost host, string sessionId) =>
        TestKit.Recording.RecordingFile.RecordedSeqs(host.DataPath, sessionId);

    [GeneratedRegex(@"retry after (\d+) ms")]
    private static partial Regex RetryAfterMs();

    /// <summary>The hub's <c>mml.hub.samples.rejected</c> counter, summed by reason, on this host's meter only.</summary>
    private sealed class RejectedCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _totals = new();

        public RejectedCounter(HubTestHost host)
        {
            var factory = host.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name == "mml.hub.samples.rejected" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var reason = tags.ToArray().FirstOrDefault(t => t.Key == "reason").Value?.ToString() ?? "";
                _totals.AddOrUpdate(reason, value, (_, v) => v + value);
            });
            _listener.Start();
        }

        public long Total(string reason) => _totals.GetValueOrDefault(reason);

        public void Dispose() => _listener.Dispose();
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<(string? Name, string Message)> Events { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Events.Enqueue((eventId.Name, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
