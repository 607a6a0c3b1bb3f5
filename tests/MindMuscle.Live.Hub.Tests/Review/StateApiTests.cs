using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary><c>GET /api/sessions/{id}/state?at=</c> through the real hub (Kestrel on 127.0.0.1, real SQLite file).</summary>
public sealed class StateApiTests
{
    private const string Rejected = "mml.hub.state.rejected";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_MidSession_EachRunnersLatestSampleAtOrBeforeAndTheRecordedRange()
    {
        await using var host = HubTestHost.Start();
        var (session, ana, ben, start) = await SeriesApiTests.RecordAsync(host);

        var state = await GetAsync(host, $"/api/sessions/{session.SessionId}/state?at={start + 37_000}", session.CoachToken);

        Assert.Equal(start + 37_000, state.At);
        Assert.Equal(start, state.From);
        Assert.Equal(start + 99_001, state.To);
        Assert.Equal([ana, ben], state.Runners.Select(r => r.RunnerId));
        Assert.Equal(["Ana", "Ben"], state.Runners.Select(r => r.Name));
        // Ana's sample of that very millisecond (her cadence spike); Ben's a millisecond late, so his one before.
        Assert.Equal(38, state.Runners[0].Sample!.Seq);
        Assert.Equal(240, state.Runners[0].Sample!.CadenceSpm);
        Assert.Equal(37, state.Runners[1].Sample!.Seq);
        Assert.Equal(start + 36_001, state.Runners[1].Sample!.ObservedAt);
    }

    [Fact]
    public async Task Get_OneCall_OpensOneReadConnectionForTheRangeAndEveryRunner()
    {
        await using var host = HubTestHost.Start(services: s => s.AddSingleton<IRecordingDatabase>(sp =>
            new CountingDatabase(new SqliteRecordingDatabase(sp.GetRequiredService<IOptions<HubOptions>>().Value.DataPath))));
        var (session, _, _, start) = await SeriesApiTests.RecordAsync(host);
        var database = (CountingDatabase)host.Services.GetRequiredService<IRecordingDatabase>();
        var before = database.ReadsOpened;

        var state = await GetAsync(host, $"/api/sessions/{session.SessionId}/state?at={start + 37_000}", session.CoachToken);

        Assert.Equal(2, state.Runners.Count(r => r.Sample is not null));
        Assert.Equal(start, state.From);
        Assert.Equal(1, database.ReadsOpened - before);
    }

    [Fact]
    public async Task Get_BeforeTheFirstSampleAndAfterTheLast_NoSampleThenTheLastOne()
    {
        await using var host = HubTestHost.Start();
        var (session, ana, _, start) = await SeriesApiTests.RecordAsync(host);

        var before = await GetAsync(host, $"/api/sessions/{session.SessionId}/state?at={start - 1}", session.CoachToken);
        var after = await GetAsync(host, $"/api/sessions/{session.SessionId}/state?at={start + 3_600_000}&runnerId={ana}", session.CoachToken);

        Assert.All(before.Runners, r => Assert.Null(r.Sample));
        Assert.Equal(2, before.Runners.Length);
        Assert.Equal(ana, Assert.Single(after.Runners).RunnerId);
        Assert.Equal(100, after.Runners[0].Sample!.Seq);
    }

    [Theory]
    [InlineData("", "at is required", "missing")]
    [InlineData("at=", "at is required", "missing")]
    [InlineData("at=yesterday", "at is 'yesterday'", "format")]
    [InlineData("at=1.5", "at is '1.5'", "format")]
    [InlineData("at=-1", "at is '-1'", "format")]
    [InlineData("at=1&at=2", "send one instant", "format")]
    [InlineData("at=253402300800000", "between 0 and 253402300799999", "range")]
    [InlineData("at=99999999999999999999", "at is '99999999999999999999'", "format")]
    [InlineData("at=1&runnerId=r-nobody", "runnerId 'r-nobody' is not a runner", "runner")]
    public async Task Get_BadQuery_400NamingTheMistakeCountedByReason(string query, string expected, string reason)
    {
        await using var host = HubTestHost.Start();
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == Rejected, "reason");
        var session = await host.CreateSessionAsync();

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/state?{query}", session.CoachToken), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, meters.Total($"{Rejected}/{reason}"));
    }

    [Fact]
    public async Task Get_NoTokenAnotherSessionsCoachOrARunner_401And403()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var other = await host.CreateSessionAsync("Thursday");
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var path = $"/api/sessions/{session.SessionId}/state?at=1";

        using var anonymous = await host.Http.SendAsync(HubTestHost.Get(path), Ct);
        using var otherCoach = await host.Http.SendAsync(HubTestHost.Get(path, other.CoachToken), Ct);
        using var runner = await host.Http.SendAsync(HubTestHost.Get(path, ana.RunnerToken), Ct);
        using var missing = await host.Http.SendAsync(HubTestHost.Get("/api/sessions/s-nope/state?at=1", coachKey: true), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherCoach.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, runner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Get_ShareTokens_TheGroupForAGroupLinkAndOnlyItsRunnerForAScopedOne()
    {
        await using var host = HubTestHost.Start();
        var (session, ana, ben, start) = await SeriesApiTests.RecordAsync(host);
        var group = SharesApiTests.TokenOf(await SharesApiTests.CreateAsync(host, session, new { }));
        var scoped = SharesApiTests.TokenOf(await SharesApiTests.CreateAsync(host, session, new { runnerId = ben }));
        var path = $"/api/sessions/{session.SessionId}/state?at={start + 50_000}";

        var all = await GetAsync(host, path, group);
        var own = await GetAsync(host, $"{path}&runnerId={ben}", scoped);
        using var everyone = await SharesApiTests.SendAsync(host, HttpMethod.Get, path, scoped);
        using var another = await SharesApiTests.SendAsync(host, HttpMethod.Get, $"{path}&runnerId={ana}", scoped);

        Assert.Equal([ana, ben], all.Runners.Select(r => r.RunnerId));
        Assert.Equal(ben, Assert.Single(own.Runners).RunnerId);
        Assert.Equal(50, own.Runners[0].Sample!.Seq);
        Assert.Equal(HttpStatusCode.Forbidden, everyone.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, another.StatusCode);
    }

    private static async Task<SessionStateAt> GetAsync(HubTestHost host, string path, string bearer)
    {
        using var response = await SharesApiTests.SendAsync(host, HttpMethod.Get, path, bearer);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<SessionStateAt>(Ct))!;
    }
}
