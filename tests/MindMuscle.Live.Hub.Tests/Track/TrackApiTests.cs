using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Tests.Track;

public sealed class TrackApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reps_TwoClear400mReps_TwoRepsOfAbout400mWithHeartRateDrops()
    {
        await using var host = HubTestHost.Start();
        var (session, runnerId, _) = await RecordTwoRepsAsync(host);
        var silent = await host.JoinAsync(session.JoinCode, "Ben");

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/reps", bearer: session.CoachToken), Ct);
        var json = await response.Content.ReadAsStringAsync(Ct);
        var runners = JsonSerializer.Deserialize<RunnerReps[]>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"hrDrop60Bpm\":", json, StringComparison.Ordinal);
        var ana = Assert.Single(runners, r => r.RunnerId == runnerId);
        Assert.Equal("Ana", ana.RunnerName);
        Assert.Equal([1, 2], ana.Reps.Select(r => r.Number));
        Assert.All(ana.Reps, r => Assert.InRange(r.DistanceM, 380, 420));
        Assert.All(ana.Reps, r => Assert.InRange(r.DurationS, 62, 71));
        Assert.All(ana.Reps, r => Assert.InRange(r.HrDrop60Bpm ?? 0, 25, 35));
        Assert.True(ana.Reps[1].StartedAt - ana.Reps[0].EndedAt is > 85_000 and < 95_000);
        Assert.Empty(Assert.Single(runners, r => r.RunnerId == silent.RunnerId).Reps);
    }

    [Fact]
    public async Task RepsAndLaps_CoachNamesARunner_OnlyThatRunnersAndAnUnknownOne400Counted()
    {
        await using var host = HubTestHost.Start();
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == "mml.hub.track.rejected", "reason");
        var (session, ana, _) = await RecordTwoRepsAsync(host);
        var ben = await host.JoinAsync(session.JoinCode, "Ben");

        var anaReps = await ReadAsync<RunnerReps[]>(host, $"/api/sessions/{session.SessionId}/reps?runnerId={ana}", session.CoachToken);
        var benReps = await ReadAsync<RunnerReps[]>(host, $"/api/sessions/{session.SessionId}/reps?runnerId={ben.RunnerId}", session.CoachToken);
        var anaLaps = await ReadAsync<RunnerLaps[]>(host, $"/api/sessions/{session.SessionId}/laps?runnerId={ana}", session.CoachToken);
        using var unknown = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/reps?runnerId=r-nobody", bearer: session.CoachToken), Ct);
        using var twice = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/laps?runnerId={ana}&runnerId={ben.RunnerId}", coachKey: true), Ct);

        Assert.Equal([1, 2], Assert.Single(anaReps, r => r.RunnerId == ana).Reps.Select(r => r.Number));
        Assert.Empty(Assert.Single(benReps, r => r.RunnerId == ben.RunnerId).Reps);
        Assert.Equal(ana, Assert.Single(anaLaps).RunnerId);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("runnerId 'r-nobody' is not a runner", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal((1, 1), (meters.Total("mml.hub.track.rejected/runner"), meters.Total("mml.hub.track.rejected/format")));
    }

    private static async Task<T> ReadAsync<T>(HubTestHost host, string path, string bearer)
    {
        using var response = await host.Http.SendAsync(HubTestHost.Get(path, bearer: bearer), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode}");
        return JsonSerializer.Deserialize<T>(await response.Content.ReadAsStringAsync(Ct), JsonSerializerOptions.Web)!;
    }

    [Fact]
    public async Task Laps_800mRecorded_TwoLapsOf400m()
    {
        await using var host = HubTestHost.Start();
        var (session, runnerId, _) = await RecordTwoRepsAsync(host);

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/laps", coachKey: true), Ct);
        var runners = (await response.Content.ReadFromJsonAsync<RunnerLaps[]>(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ana = Assert.Single(runners);
        Assert.Equal(runnerId, ana.RunnerId);
        Assert.Equal([1, 2], ana.Laps.Select(l => l.Number));
        Assert.All(ana.Laps, l => Assert.Equal(400, l.DistanceM, 1));
        Assert.All(ana.Laps, l => Assert.False(l.Marked));
    }

    [Theory]
    [InlineData("reps")]
    [InlineData("laps")]
    public async Task TrackEndpoints_WithoutTheSessionsCredentials_401Or403(string what)
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var other = await host.CreateSessionAsync("Other group");
        var runner = await host.JoinAsync(session.JoinCode);
        var path = $"/api/sessions/{session.SessionId}/{what}";

        using var anonymous = await host.Http.SendAsync(HubTestHost.Get(path), Ct);
        using var otherCoach = await host.Http.SendAsync(HubTestHost.Get(path, bearer: other.CoachToken), Ct);
        using var runnerToken = await host.Http.SendAsync(HubTestHost.Get(path, bearer: runner.RunnerToken), Ct);
        using var ownCoach = await host.Http.SendAsync(HubTestHost.Get(path, bearer: session.CoachToken), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherCoach.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, runnerToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownCoach.StatusCode);
    }

    [Theory]
    [InlineData("reps")]
    [InlineData("laps")]
    public async Task TrackEndpoints_UnknownSession_404Problem(string what)
    {
        await using var host = HubTestHost.Start();

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/no-such-session/{what}", coachKey: true), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RepsAndLaps_RecordedMarkers_OverrideDetectionForTheirRunnerAndTheGroup()
    {
        await using var host = HubTestHost.Start();
        var (session, runnerId, start) = await RecordTwoRepsAsync(host);
        var ben = await host.JoinAsync(session.JoinCode, "Ben");
        var coach = await host.ConnectAsync(session.CoachToken);
        foreach (var marker in new MarkerRequest[]
        {
            new() { Kind = MarkerKind.RepStart, At = start + 70_000 },
            new() { Kind = MarkerKind.Note, At = start + 80_000, Text = "Ana looks strong" },
            new() { Kind = MarkerKind.RepEnd, At = start + 120_000 },
            new() { Kind = MarkerKind.Lap, RunnerId = runnerId, At = start + 100_000 },
            new() { Kind = MarkerKind.Lap, RunnerId = ben.RunnerId, At = start + 150_000 },
            new() { Kind = MarkerKind.Lap, RunnerId = runnerId, At = start + 250_000 },
        })
        {
            await coach.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, marker, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        }

        using var repsResponse = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/reps", coachKey: true), Ct);
        using var lapsResponse = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/laps", coachKey: true), Ct);
        var reps = Assert.Single((await repsResponse.Content.ReadFromJsonAsync<RunnerReps[]>(Ct))!, r => r.RunnerId == runnerId).Reps;
        var laps = Assert.Single((await lapsResponse.Content.ReadFromJsonAsync<RunnerLaps[]>(Ct))!, r => r.RunnerId == runnerId).Laps;

        // One marked rep (the group's marks) instead of the two detected; laps at Ana's own marks, not Ben's, not 400 m.
        var rep = Assert.Single(reps);
        Assert.True(rep.Marked);
        Assert.Equal((start + 70_000, start + 120_000), (rep.StartedAt, rep.EndedAt));
        Assert.Equal(300, rep.DistanceM, 1);
        Assert.Equal([(start, start + 100_000), (start + 100_000, start + 250_000)], laps.Select(l => (l.StartedAt, l.EndedAt)));
        Assert.All(laps, l => Assert.True(l.Marked));
    }

    [Fact]
    public async Task Reps_RunnerJoinedAfterTheGroupsFirstRep_ItsFirstRepIsTheFirstItRanNotAGhost()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var coach = await host.ConnectAsync(session.CoachToken);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        foreach (var marker in new MarkerRequest[]
        {
            new() { Kind = MarkerKind.RepStart, At = start - 300_000 },
            new() { Kind = MarkerKind.RepEnd, At = start - 250_000 },
            new() { Kind = MarkerKind.RepStart, At = start + 60_000 },
            new() { Kind = MarkerKind.RepEnd, At = start + 126_000 },
        })
        {
            await coach.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, marker, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        }

        var ben = await host.JoinAsync(session.JoinCode, "Ben");
        await PublishAsync(await host.ConnectAsync(ben.RunnerToken), TwoReps(start));
        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/reps", coachKey: true), Ct);
        var reps = Assert.Single((await response.Content.ReadFromJsonAsync<RunnerReps[]>(Ct))!, r => r.RunnerId == ben.RunnerId).Reps;

        var rep = Assert.Single(reps);
        Assert.Equal((1, start + 60_000, start + 126_000), (rep.Number, rep.StartedAt, rep.EndedAt));
        Assert.InRange(rep.DistanceM, 390, 400);
    }

    /// <summary>
    /// One runner at 1 Hz: 60 s standing, 400 m at 6 m/s, 90 s standing, 400 m at 6 m/s, 90 s standing. Heart rate is
    /// 100 standing, 170 running and falls 0.5 bpm/s after each rep (a 60 s drop of about 30 bpm).
    /// </summary>
    internal static MetricSample[] TwoReps(long start)
    {
        const double Speed = 6;
        const double RepS = 400 / Speed;
        double[] repStarts = [60, 60 + RepS + 90];
        var endS = repStarts[1] + RepS + 90;
        return [.. Enumerable.Range(0, (int)endS + 1).Select(t =>
        {
            var running = repStarts.Any(s => t >= s && t < s + RepS);
            var distance = repStarts.Sum(s => Math.Clamp(t - s, 0, RepS) * Speed);
            var sinceRep = repStarts.Where(s => t >= s + RepS).Select(s => t - (s + RepS)).DefaultIfEmpty(double.NaN).Min();
            var heartRate = running ? 170 : double.IsNaN(sinceRep) ? 100 : Math.Max(100, 170 - (0.5 * sinceRep));
            return new MetricSample
            {
                Seq = t + 1,
                ObservedAt = start + (t * 1000L),
                SpeedMps = running ? Speed : 0,
                DistanceM = distance,
                CadenceSpm = running ? 184 : null,
                HeartRateBpm = (int)Math.Round(heartRate),
            };
        })];
    }

    internal static async Task PublishAsync(HubConnection runner, IEnumerable<MetricSample> samples)
    {
        foreach (var chunk in samples.Chunk(100))
        {
            await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = chunk }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        }
    }

    private static async Task<(CreateSessionResponse Session, string RunnerId, long Start)> RecordTwoRepsAsync(HubTestHost host)
    {
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var runner = await host.ConnectAsync(join.RunnerToken);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        await PublishAsync(runner, TwoReps(start));
        return (session, join.RunnerId, start);
    }
}
