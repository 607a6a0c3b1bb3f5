using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Import;
using MindMuscle.Live.Hub.Tests.ScaleOut;
using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.Import;

/// <summary>A watch upload on PostgreSQL across two hub nodes: the runner published live on B, the file reaches A.</summary>
public sealed class ActivityImportScaleOutTests(RedisServerFixture redis, PostgresServerFixture postgres)
    : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task ImportFit_OnTheOtherNode_FillsTheMissedSecondOnceAndBothNodesExportIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres);
        var session = await hubs.A.CreateSessionAsync();
        var join = await hubs.A.JoinAsync(session.JoinCode, "Ana");
        // The recording lies between the session's start and the upload: seconds 1 to 3 after the start.
        var start = ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000) + 1) * 1000;
        await Polling.WaitUntilAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > start + 3000, HubTestHost.Timeout, ct);
        MetricSample At(int second, long seq) => new() { Seq = seq, ObservedAt = start + (second * 1000L) + 200, HeartRateBpm = 150 + second, GroundContactMs = 240 + second };
        var runner = await hubs.B.ConnectAsync(join.RunnerToken);
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [At(0, 1), At(2, 2)] }, ct).WaitAsync(HubTestHost.Timeout, ct);
        var builder = new FitActivityBuilder();
        foreach (var second in new[] { 0, 1, 2 })
        {
            builder.Add(At(second, second + 1));
        }

        var fit = FitActivityWriter.Write(builder.Build()!);

        var first = await UploadAsync(hubs.A, session.SessionId, join.RunnerId, fit, ct);
        var again = await UploadAsync(hubs.B, session.SessionId, join.RunnerId, fit, ct);

        Assert.Equal((1, 2), first);
        Assert.Equal((0, 3), again);
        foreach (var host in new[] { hubs.A, hubs.B })
        {
            using var export = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/runners/{join.RunnerId}/export.fit", coachKey: true), ct);
            Assert.True(FitReader.TryRead(await export.Content.ReadAsByteArrayAsync(ct), out var activity, out var error), error.Message);
            Assert.Equal([150, 151, 152], activity.Records.Select(r => r.HeartRateBpm ?? 0));
        }
    }

    private static async Task<(int Added, int Skipped)> UploadAsync(HubTestHost host, string sessionId, string runnerId, byte[] fit, CancellationToken ct)
    {
        var request = HubTestHost.Get($"/api/sessions/{sessionId}/runners/{runnerId}/activity", coachKey: true);
        request.Method = HttpMethod.Post;
        request.Content = new ByteArrayContent(fit);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ActivityUpload.FitContentType);
        using var response = await host.Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        return (body.GetProperty("added").GetInt32(), body.GetProperty("skipped").GetInt32());
    }
}
