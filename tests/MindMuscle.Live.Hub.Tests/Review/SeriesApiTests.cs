using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary><c>GET /api/sessions/{id}/series</c> through the real hub (Kestrel on 127.0.0.1, real SQLite file).</summary>
public sealed class SeriesApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_OneRunnerTenPoints_ObjectWithBucketsHoldingTheExtremes()
    {
        await using var host = HubTestHost.Start();
        var (session, ana, _, start) = await RecordAsync(host);

        using var response = await host.Http.SendAsync(
            HubTestHost.Get($"/api/sessions/{session.SessionId}/series?runnerId={ana}&metric=cadenceSpm&from={start}&to={start + 99_999}&points=10", session.CoachToken), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var series = (await response.Content.ReadFromJsonAsync<RunnerSeries>(Ct))!;
        Assert.Equal(ana, series.RunnerId);
        Assert.Equal("cadenceSpm", series.Metric);
        Assert.Equal(10, series.Points.Length);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => start + (i * 10_000L)), series.Points.Select(p => p.T));
        Assert.All(series.Points, p => Assert.Equal(10, p.N));
        // The one spike of 240 and the one dip of 120 survive the reduction.
        Assert.Equal(240, series.Points.Max(p => p.Max));
        Assert.Equal(120, series.Points.Min(p => p.Min));
        Assert.Equal(180, series.Points[0].Mean, 1e-9);
    }

    [Fact]
    public async Task Get_TwoRunnersDefaultRange_ArrayInTheOrderAskedOnTheSameInstants()
    {
        await using var host = HubTestHost.Start();
        var (session, ana, ben, start) = await RecordAsync(host);

        using var response = await host.Http.SendAsync(
            HubTestHost.Get($"/api/sessions/{session.SessionId}/series?runnerId={ben}&runnerId={ana}&metric=heartRateBpm", coachKey: true), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var series = (await response.Content.ReadFromJsonAsync<RunnerSeries[]>(Ct))!;
        Assert.Equal([ben, ana], series.Select(s => s.RunnerId));
        // 100 samples a runner, under the default 500 points: one sample a bucket, the first at the session's start.
        Assert.All(series, s => Assert.Equal(100, s.Points.Length));
        Assert.Equal(start, series[1].Points[0].T);
        Assert.Equal(series[0].Points.Select(p => p.T), series[1].Points.Select(p => p.T));
        Assert.Equal(150, series[1].Points[0].Min);
        Assert.Equal(160, series[0].Points[0].Max);
    }

    [Theory]
    [InlineData("metric=cadenceSpm", "runnerId is required")]
    [InlineData("runnerId={ana}&metric=cadence", "metric 'cadence' is not a numeric sample field")]
    [InlineData("runnerId={ana}&metric=rrIntervalsMs", "metric 'rrIntervalsMs' is not a numeric sample field")]
    [InlineData("runnerId=r-nobody&metric=cadenceSpm", "runnerId 'r-nobody' is not a runner")]
    [InlineData("runnerId={ana}&metric=cadenceSpm&points=0", "points is '0'")]
    [InlineData("runnerId={ana}&metric=cadenceSpm&points=2001", "points is '2001'")]
    [InlineData("runnerId={ana}&metric=cadenceSpm&points=many", "points is 'many'")]
    [InlineData("runnerId={ana}&metric=cadenceSpm&from=20&to=10", "from (20) is after to (10)")]
    [InlineData("runnerId={ana}&metric=cadenceSpm&from=yesterday", "from and to are unix milliseconds")]
    public async Task Get_BadQuery_400NamingTheMistake(string query, string expected)
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");

        using var response = await host.Http.SendAsync(
            HubTestHost.Get($"/api/sessions/{session.SessionId}/series?{query.Replace("{ana}", ana.RunnerId, StringComparison.Ordinal)}", session.CoachToken), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoTokenOrAnotherSessionsToken_401And403()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var other = await host.CreateSessionAsync("Thursday");
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var path = $"/api/sessions/{session.SessionId}/series?runnerId={ana.RunnerId}&metric=cadenceSpm";

        using var anonymous = await host.Http.SendAsync(HubTestHost.Get(path), Ct);
        using var otherCoach = await host.Http.SendAsync(HubTestHost.Get(path, other.CoachToken), Ct);
        using var runner = await host.Http.SendAsync(HubTestHost.Get(path, ana.RunnerToken), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherCoach.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, runner.StatusCode);
    }

    /// <summary>Two runners, 100 samples each a second apart: Ana's cadence 180 but one 240 and one 120, HR 150; Ben's HR 160.</summary>
    internal static async Task<(CreateSessionResponse Session, string Ana, string Ben, long Start)> RecordAsync(HubTestHost host)
    {
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var ben = await host.JoinAsync(session.JoinCode, "Ben");
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        await PublishAsync(await host.ConnectAsync(ana.RunnerToken), Enumerable.Range(0, 100).Select(i => new MetricSample
        {
            Seq = i + 1, ObservedAt = start + (i * 1000L), HeartRateBpm = 150, CadenceSpm = i switch { 37 => 240, 71 => 120, _ => 180 },
        }));
        await PublishAsync(await host.ConnectAsync(ben.RunnerToken), Enumerable.Range(0, 100).Select(i => new MetricSample
        {
            Seq = i + 1, ObservedAt = start + (i * 1000L) + 1, HeartRateBpm = 160, CadenceSpm = 170,
        }));
        return (session, ana.RunnerId, ben.RunnerId, start);
    }

    private static async Task PublishAsync(HubConnection runner, IEnumerable<MetricSample> samples)
    {
        foreach (var chunk in samples.Chunk(50))
        {
            await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = chunk }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        }
    }
}
