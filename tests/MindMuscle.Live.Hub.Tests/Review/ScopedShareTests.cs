using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.TestKit.Waiting;
using static MindMuscle.Live.Hub.Tests.Review.SharesApiTests;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>
/// A share link scoped to one runner answers that runner's rows only, on every read it is let through (real Kestrel,
/// real SQLite file, real SignalR clients): the other runner's id appears nowhere in any answer.
/// </summary>
public sealed class ScopedShareTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScopedShare_EveryRead_NoOtherRunnersIdButItsOwnAndGroupRows()
    {
        await using var host = HubTestHost.Start(services: s => s.AddSingleton<IAlertEngineFactory>(new FirstSampleAlerts()));
        var (session, ana, ben, start) = await SeriesApiTests.RecordAsync(host);
        var id = session.SessionId;
        var coach = await host.ConnectAsync(session.CoachToken);
        foreach (var cue in new[] { new CueRequest { RunnerId = ana, Text = "ana only" }, new CueRequest { RunnerId = ben, Text = "ben only" }, new CueRequest { Text = "everyone" } })
        {
            await coach.InvokeAsync<string[]>(LiveHubContract.SendCue, cue, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        }

        foreach (var marker in new[]
        {
            new MarkerRequest { Kind = MarkerKind.Lap, RunnerId = ana, At = start + 50_000 },
            new MarkerRequest { Kind = MarkerKind.Lap, RunnerId = ben, At = start + 50_000 },
            new MarkerRequest { Kind = MarkerKind.Note, Text = "group note", At = start + 60_000 },
        })
        {
            using var added = await SendAsync(host, HttpMethod.Post, $"/api/sessions/{id}/markers", session.CoachToken, marker);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        // Both runners' alerts and cues are recorded before any read.
        await Polling.WaitUntilAsync(async _ => await CountAsync(host, $"/api/sessions/{id}/alerts", session.CoachToken, ben) >= 1, HubTestHost.Timeout, Ct);
        await Polling.WaitUntilAsync(async _ => await CountAsync(host, $"/api/sessions/{id}/cues", session.CoachToken, ben) >= 2, HubTestHost.Timeout, Ct);
        var token = TokenOf(await CreateAsync(host, session, new { runnerId = ana }));

        foreach (var path in new[] { "", "/alerts", "/cues", "/markers", "/reps", "/laps", "/export.csv", "/laps.csv", "/samples", "/series" })
        {
            var query = path == "/series" ? $"?runnerId={ana}&metric=cadenceSpm" : $"?runnerId={ana}";
            using var asCoach = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{id}{path}{query}", session.CoachToken);
            using var asShare = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{id}{path}{query}", token);
            var coachBody = await asCoach.Content.ReadAsStringAsync(Ct);
            var shareBody = await asShare.Content.ReadAsStringAsync(Ct);

            Assert.True(asShare.StatusCode == HttpStatusCode.OK, $"GET {path}: {asShare.StatusCode} {shareBody}");
            Assert.True(shareBody.Contains(ana, StringComparison.Ordinal), $"GET {path} with the scoped share lacks its runner: {shareBody}");
            Assert.False(shareBody.Contains(ben, StringComparison.Ordinal), $"GET {path} with the scoped share shows another runner: {shareBody}");
            // The coach's answer to the same request does name the other runner where the endpoint covers the group;
            // reps and laps honour the coach's runnerId (a runner's page asks for its runner only).
            if (path is "" or "/alerts" or "/cues" or "/markers" or "/export.csv" or "/laps.csv")
            {
                Assert.True(coachBody.Contains(ben, StringComparison.Ordinal), $"GET {path} as the coach lacks the other runner: {coachBody}");
            }
            else if (path is "/reps" or "/laps")
            {
                Assert.True(asCoach.StatusCode == HttpStatusCode.OK, $"GET {path} as the coach: {asCoach.StatusCode} {coachBody}");
                Assert.True(coachBody.Contains(ana, StringComparison.Ordinal) && !coachBody.Contains(ben, StringComparison.Ordinal), $"GET {path}?runnerId=ana as the coach: {coachBody}");
            }
        }

        using var snapshotRead = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{id}?runnerId={ana}", token);
        var snapshot = (await snapshotRead.Content.ReadFromJsonAsync<SessionSnapshot>(Ct))!;
        Assert.Equal([ana], snapshot.Runners.Select(r => r.RunnerId));
        // Nor the group's size and totals.
        Assert.Equal((1, 0L, (long?)null, (long?)null), (snapshot.Session.RunnerCount, snapshot.Session.SampleCount, snapshot.Session.AlertCount, snapshot.Session.CueCount));
        Assert.Contains(snapshot.Markers, m => m.RunnerId is null && m.Text == "group note");
        Assert.Contains(snapshot.Markers, m => m.RunnerId == ana);
        using var cuesRead = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{id}/cues?runnerId={ana}", token);
        var cues = (await cuesRead.Content.ReadFromJsonAsync<CueUpdate[]>(Ct))!;
        Assert.Equal(["ana only", "everyone"], cues.Select(c => c.Text).Order(StringComparer.Ordinal));
        using var markersRead = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{id}/markers?runnerId={ana}", token);
        var markers = (await markersRead.Content.ReadFromJsonAsync<SessionMarker[]>(Ct))!;
        Assert.Equal(2, markers.Length);
        Assert.All(markers, m => Assert.True(m.RunnerId is null || m.RunnerId == ana));
    }

    [Fact]
    public async Task ScopedShare_AnotherRunnerOrNoRunnerNamed_403NamingItsRunnerAndCounted()
    {
        await using var host = HubTestHost.Start();
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == "mml.hub.shares.refused", "reason");
        var (session, ana, ben, _) = await SeriesApiTests.RecordAsync(host);
        var token = TokenOf(await CreateAsync(host, session, new { runnerId = ana }));
        string[] paths = ["", "/alerts", "/cues", "/markers", "/reps", "/laps", "/export.csv", "/laps.csv"];

        foreach (var path in paths)
        {
            using var none = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{session.SessionId}{path}", token);
            using var other = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{session.SessionId}{path}?runnerId={ben}", token);

            Assert.True(none.StatusCode == HttpStatusCode.Forbidden, $"GET {path} naming no runner: {none.StatusCode}");
            Assert.True(other.StatusCode == HttpStatusCode.Forbidden, $"GET {path}?runnerId=ben: {other.StatusCode}");
            Assert.Contains($"runner '{ana}' only", await other.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        await Polling.WaitUntilAsync(() => meters.Total("mml.hub.shares.refused/forbidden") >= paths.Length * 2, HubTestHost.Timeout, Ct);
        Assert.Equal(paths.Length * 2, meters.Total("mml.hub.shares.refused/forbidden"));
    }

    private static async Task<int> CountAsync(HubTestHost host, string path, string bearer, string runnerId)
    {
        using var response = await SendAsync(host, HttpMethod.Get, path, bearer);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return body.Split(runnerId).Length - 1;
    }

    /// <summary>Raises one alert per runner on its first sample, so every runner has a recorded alert.</summary>
    private sealed class FirstSampleAlerts : IAlertEngineFactory, IAlertEngine
    {
        private readonly HashSet<string> _raised = [];

        public IAlertEngine Create(string sessionId, AlertSettings settings) => this;

        public void Feed(string runnerId, ReadOnlySpan<MetricSample> samples, ICollection<AlertEvent> events)
        {
            bool first;
            lock (_raised)
            {
                first = samples.Length > 0 && _raised.Add(runnerId);
            }

            if (first)
            {
                events.Add(new AlertEvent(AlertEventKind.Raised, new FormAlert
                {
                    AlertId = $"a-{runnerId}",
                    Kind = AlertKind.CadenceDrop,
                    RunnerId = runnerId,
                    StartedAt = samples[0].ObservedAt,
                    Severity = AlertSeverity.Warning,
                    Message = "cadence dropped",
                }));
            }
        }

        public void Tick(long nowUnixMs, ICollection<AlertEvent> events)
        {
        }

        public void RemoveRunner(string runnerId, long atUnixMs, ICollection<AlertEvent> events)
        {
        }
    }
}
