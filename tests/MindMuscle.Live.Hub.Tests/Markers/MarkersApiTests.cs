using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Tests.Markers;

/// <summary>Markers through the real hub (Kestrel on 127.0.0.1, real SQLite file, real SignalR clients).</summary>
public sealed class MarkersApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Post_ThreeMarkersOutOfTimeOrder_201WithIncreasingIdsAndGetListsThemByAt()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var now = Now;

        using var lap = await PostAsync(host, session.SessionId, new { kind = "lap", at = now - 1000 }, bearer: session.CoachToken);
        using var note = await PostAsync(host, session.SessionId, new { kind = "note", runnerId = ana.RunnerId, at = now - 5000, text = "Ana's left shoe untied" }, coachKey: true);
        using var start = await PostAsync(host, session.SessionId, new { kind = "repStart" }, bearer: session.CoachToken);
        var listed = await GetMarkersAsync(host, session.SessionId);

        Assert.Equal(HttpStatusCode.Created, lap.StatusCode);
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var first = (await lap.Content.ReadFromJsonAsync<SessionMarker>(Ct))!;
        var second = (await note.Content.ReadFromJsonAsync<SessionMarker>(Ct))!;
        var third = (await start.Content.ReadFromJsonAsync<SessionMarker>(Ct))!;
        Assert.Equal([1L, 2, 3], new[] { first.MarkerId, second.MarkerId, third.MarkerId });
        Assert.Equal(new SessionMarker { MarkerId = 1, SessionId = session.SessionId, Kind = MarkerKind.Lap, At = now - 1000 }, first);
        Assert.Equal(ana.RunnerId, second.RunnerId);
        Assert.Equal("Ana's left shoe untied", second.Text);
        Assert.InRange(third.At, now - 1000, Now + 1000);
        Assert.Equal($"/api/sessions/{session.SessionId}/markers/1", lap.Headers.Location?.OriginalString);
        Assert.Equal([2L, 1, 3], listed.Select(m => m.MarkerId));
        Assert.Equal(second, listed[0]);
    }

    [Fact]
    public async Task AddMarker_HubMethodAndRest_FannedOutToEveryWatchingCoachAndInTheSnapshot()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var first = await host.ConnectAsync(session.CoachToken);
        var second = await host.ConnectAsync(session.CoachToken, messagePack: true);
        var firstSees = new Inbox<SessionMarker>();
        var secondSees = new Inbox<SessionMarker>();
        first.On<SessionMarker>(LiveHubContract.MarkerAdded, firstSees.Add);
        second.On<SessionMarker>(LiveHubContract.MarkerAdded, secondSees.Add);
        await first.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        await second.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);

        var added = await first.InvokeAsync<SessionMarker>(
            LiveHubContract.AddMarker, new MarkerRequest { Kind = MarkerKind.RepEnd, RunnerId = ana.RunnerId }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        using var posted = await PostAsync(host, session.SessionId, new { kind = "note", text = "Wind picking up" }, bearer: session.CoachToken);
        var snapshot = await first.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        using var rest = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}", bearer: session.CoachToken), Ct);
        var restSnapshot = (await rest.Content.ReadFromJsonAsync<SessionSnapshot>(Ct))!;

        Assert.Equal(1, added.MarkerId);
        Assert.Equal(MarkerKind.RepEnd, added.Kind);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(added, await firstSees.NextAsync());
        Assert.Equal("Wind picking up", (await firstSees.NextAsync()).Text);
        Assert.Equal(added, await secondSees.NextAsync());
        Assert.Equal("Wind picking up", (await secondSees.NextAsync()).Text);
        Assert.Equal([1L, 2], snapshot.Markers.Select(m => m.MarkerId));
        Assert.Equal(snapshot.Markers, restSnapshot.Markers);
    }

    [Theory]
    [InlineData("""{"kind": "split"}""", "unknownKind", "kind")]
    [InlineData("""{"kind": 9}""", "unknownKind", "kind")]
    [InlineData("""{"kind": "lap", "runnerId": "r-nobody"}""", "unknownRunner", "runnerId")]
    [InlineData("""{"kind": "note"}""", "textRequired", "text")]
    [InlineData("""{"kind": "lap", "at": 1000}""", "at", "at")]
    [InlineData("""{"kind": "lap", "at": "soon"}""", "malformed", "$.at")]
    public async Task Post_InvalidMarker_Typed400CountedByReasonAndNothingRecorded(string body, string reason, string field)
    {
        await using var host = HubTestHost.Start();
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == "mml.hub.markers.rejected", "reason");
        var session = await host.CreateSessionAsync();

        using var response = await PostRawAsync(host, session.SessionId, body, session.CoachToken);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(1, meters.Total($"mml.hub.markers.rejected/{reason}"));
        Assert.Empty(await GetMarkersAsync(host, session.SessionId));
    }

    [Fact]
    public async Task Post_TextOverTheLimit_TextTooLongAndTheLimitItselfAccepted()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();

        using var tooLong = await PostAsync(host, session.SessionId, new { kind = "note", text = new string('x', MarkerRequest.MaxTextLength + 1) }, bearer: session.CoachToken);
        using var atLimit = await PostAsync(host, session.SessionId, new { kind = "note", text = new string('x', MarkerRequest.MaxTextLength) }, bearer: session.CoachToken);

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("\"textTooLong\"", await tooLong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
    }

    [Fact]
    public async Task Markers_WrongCredentials_401Or403AndUnknownSession404()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var other = await host.CreateSessionAsync("Other group");
        var runner = await host.JoinAsync(session.JoinCode);

        using var anonymous = await PostAsync(host, session.SessionId, new { kind = "lap" });
        using var otherCoach = await PostAsync(host, session.SessionId, new { kind = "lap" }, bearer: other.CoachToken);
        using var runnerToken = await PostAsync(host, session.SessionId, new { kind = "lap" }, bearer: runner.RunnerToken);
        using var unknown = await PostAsync(host, "no-such-session", new { kind = "lap" }, coachKey: true);
        using var runnerList = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/markers", bearer: runner.RunnerToken), Ct);
        using var unknownList = await host.Http.SendAsync(HubTestHost.Get("/api/sessions/no-such-session/markers", coachKey: true), Ct);
        var runnerHub = await host.ConnectAsync(runner.RunnerToken);
        var refused = await Assert.ThrowsAsync<HubException>(() => runnerHub.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, new MarkerRequest { Kind = MarkerKind.Lap }, Ct).WaitAsync(HubTestHost.Timeout, Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherCoach.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, runnerToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, runnerList.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownList.StatusCode);
        Assert.Contains("HubException: Forbidden: this method needs a coach token", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await GetMarkersAsync(host, session.SessionId));
    }

    [Fact]
    public async Task AddMarker_HubMethodRunnerOfAnotherSession_HubExceptionNamingTheReasonAndCounted()
    {
        await using var host = HubTestHost.Start();
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == "mml.hub.markers.rejected", "reason");
        var session = await host.CreateSessionAsync();
        var other = await host.CreateSessionAsync("Other group");
        var stranger = await host.JoinAsync(other.JoinCode, "Stranger");
        var coach = await host.ConnectAsync(session.CoachToken);

        var ex = await Assert.ThrowsAsync<HubException>(() => coach.InvokeAsync<SessionMarker>(
            LiveHubContract.AddMarker, new MarkerRequest { Kind = MarkerKind.Lap, RunnerId = stranger.RunnerId }, Ct).WaitAsync(HubTestHost.Timeout, Ct));

        Assert.Contains("Marker rejected (unknownRunner)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(stranger.RunnerId, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, meters.Total("mml.hub.markers.rejected/unknownRunner"));
    }

    [Theory]
    [InlineData("split")]
    [InlineData(7)]
    public async Task AddMarker_HubMethodUnknownKind_UnknownKindCountedAndNothingRecorded(object kind)
    {
        await using var host = HubTestHost.Start();
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == "mml.hub.markers.rejected", "reason");
        var session = await host.CreateSessionAsync();
        var coach = await host.ConnectAsync(session.CoachToken);

        var ex = await Assert.ThrowsAsync<HubException>(() => coach.InvokeAsync<SessionMarker>(
            LiveHubContract.AddMarker, new { kind }, Ct).WaitAsync(HubTestHost.Timeout, Ct));
        var lap = await coach.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, new { kind = "lap" }, Ct).WaitAsync(HubTestHost.Timeout, Ct);

        Assert.Contains("Marker rejected (unknownKind)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, meters.Total("mml.hub.markers.rejected/unknownKind"));
        Assert.Equal(MarkerKind.Lap, lap.Kind);
        Assert.Equal([lap], await GetMarkersAsync(host, session.SessionId));
    }

    [Fact]
    public async Task Markers_HubRestarted_StillListedAndInTheSnapshotWithIdsContinuing()
    {
        var data = Directory.CreateTempSubdirectory("mml-markers-").FullName;
        try
        {
            CreateSessionResponse session;
            await using (var first = HubTestHost.Start(dataPath: data))
            {
                session = await first.CreateSessionAsync();
                using var posted = await PostAsync(first, session.SessionId, new { kind = "lap" }, bearer: session.CoachToken);
                Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            }

            await using var second = HubTestHost.Start(dataPath: data);
            using var again = await PostAsync(second, session.SessionId, new { kind = "note", text = "after the restart" }, bearer: session.CoachToken);
            var coach = await second.ConnectAsync(session.CoachToken);
            var snapshot = await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);

            Assert.Equal(2, (await again.Content.ReadFromJsonAsync<SessionMarker>(Ct))!.MarkerId);
            Assert.Equal([MarkerKind.Lap, MarkerKind.Note], snapshot.Markers.Select(m => m.Kind));
            Assert.Equal([1L, 2], (await GetMarkersAsync(second, session.SessionId)).Select(m => m.MarkerId));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Schema_Version2FileWithoutMarkers_MigratedAtStartAndItsSessionTakesMarkers()
    {
        var data = Directory.CreateTempSubdirectory("mml-markers-").FullName;
        try
        {
            CreateSessionResponse session;
            await using (var first = HubTestHost.Start(dataPath: data))
            {
                session = await first.CreateSessionAsync();
            }

            // What a hub of the previous version left: no markers table, no hr_max column, user_version 2.
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "recording.db")};Pooling=False"))
            {
                connection.Open();
                using var downgrade = connection.CreateCommand();
                downgrade.CommandText = "DROP TABLE markers; ALTER TABLE sessions DROP COLUMN hr_max; PRAGMA user_version=2;";
                downgrade.ExecuteNonQuery();
            }

            await using var second = HubTestHost.Start(dataPath: data);
            using var posted = await PostAsync(second, session.SessionId, new { kind = "lap" }, bearer: session.CoachToken);

            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            Assert.Single(await GetMarkersAsync(second, session.SessionId));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Replay_MarkersOfTheRecording_StreamedInTimeOrderWithTheSamples()
    {
        await using var host = HubTestHost.Start(new Dictionary<string, string?> { ["Hub:TickInterval"] = "01:00:00" });
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var runner = await host.ConnectAsync(ana.RunnerToken);
        var start = Now - 60_000;
        await runner.InvokeAsync<PublishAck>(
            LiveHubContract.Publish, new SampleBatch { Samples = [.. TestKit.SampleBuilder.Steady(1, start, 20, TimeSpan.FromSeconds(1))] }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        using var group = await PostAsync(host, session.SessionId, new { kind = "repStart", at = start + 5_500 }, bearer: session.CoachToken);
        using var one = await PostAsync(host, session.SessionId, new { kind = "repEnd", runnerId = ana.RunnerId, at = start + 15_500 }, bearer: session.CoachToken);
        var coach = await host.ConnectAsync(session.CoachToken);

        var events = new List<ReplayEvent>();
        await foreach (var e in coach.StreamAsync<ReplayEvent>(LiveHubContract.Replay, session.SessionId, 0.0, 0L, Ct))
        {
            events.Add(e);
        }

        var markers = events.Where(e => e.Kind == ReplayEventKind.Marker).ToList();
        Assert.Equal(22, events.Count);
        Assert.Equal([MarkerKind.RepStart, MarkerKind.RepEnd], markers.Select(e => e.Marker!.Kind));
        Assert.Equal(["", ana.RunnerId], markers.Select(e => e.RunnerId));
        Assert.Equal(6, events.IndexOf(markers[0]));
        Assert.Equal(5_500, markers[0].OffsetMs);
        Assert.Equal(events.Select(e => e.At).Order(), events.Select(e => e.At));
    }

    internal static async Task<HttpResponseMessage> PostAsync(HubTestHost host, string sessionId, object body, string? bearer = null, bool coachKey = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/markers") { Content = JsonContent.Create(body) };
        Authorize(request, bearer, coachKey);
        return await host.Http.SendAsync(request, Ct);
    }

    internal static async Task<List<SessionMarker>> GetMarkersAsync(HubTestHost host, string sessionId)
    {
        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{sessionId}/markers", coachKey: true), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<SessionMarker>>(Ct))!;
    }

    private static async Task<HttpResponseMessage> PostRawAsync(HubTestHost host, string sessionId, string json, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/markers") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        Authorize(request, bearer, false);
        return await host.Http.SendAsync(request, Ct);
    }

    private static void Authorize(HttpRequestMessage request, string? bearer, bool coachKey)
    {
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        if (coachKey)
        {
            request.Headers.Add("X-Coach-Key", HubTestHost.CoachKey);
        }
    }
}
