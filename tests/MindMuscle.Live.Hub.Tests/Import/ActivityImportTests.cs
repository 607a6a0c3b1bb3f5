using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Import;
using MindMuscle.Live.Hub.Tests.Export;

namespace MindMuscle.Live.Hub.Tests.Import;

/// <summary>A watch's FIT or TCX merged into a recorded session: the seconds the live path missed, once, as backfilled samples.</summary>
public sealed class ActivityImportTests
{
    // The hub's clock: the session starts at its "now", the recording happens in the next minutes, uploads come after.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    [Fact]
    public async Task ImportFit_PhoneLostLinkForAMinute_AddsThatMinuteOnceAsBackfilledSamples()
    {
        await using var host = Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var start = _time.GetUtcNow().ToUnixTimeMilliseconds() + 10_000;
        _time.Advance(TimeSpan.FromMinutes(5));
        var watch = WorkoutExportTests.Readings([.. Enumerable.Repeat(3.5, 180)], start);
        var live = watch.Where(s => s.ObservedAt - start is < 60_000 or >= 120_000).Select((s, i) => s with { Seq = i + 1 }).ToArray();
        var runner = await host.ConnectAsync(join.RunnerToken);
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = live }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var fit = FitFile(watch);

        var first = await UploadAsync(host, session.SessionId, join.RunnerId, fit, ActivityUpload.FitContentType, coachKey: true);
        var again = await UploadAsync(host, session.SessionId, join.RunnerId, fit, ActivityUpload.FitContentType, bearer: join.RunnerToken);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(60, first.Body.GetProperty("added").GetInt32());
        Assert.Equal(120, first.Body.GetProperty("skipped").GetInt32());
        Assert.Equal(0, first.Body.GetProperty("outsideWindow").GetInt32());
        Assert.Equal(ImportApi.ImportSeqBase + 1, first.Body.GetProperty("firstSeq").GetInt64());
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(0, again.Body.GetProperty("added").GetInt32());
        Assert.Equal(180, again.Body.GetProperty("skipped").GetInt32());
        using var export = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/runners/{join.RunnerId}/export.fit", coachKey: true), TestContext.Current.CancellationToken);
        Assert.True(FitReader.TryRead(await export.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), out var merged, out var error), error.Message);
        Assert.Equal(Enumerable.Range(0, 180).Select(i => start + (i * 1000L)), merged.Records.Select(r => r.Timestamp));
        Assert.All(merged.Records, r => Assert.NotNull(r.GroundContactMs));
        var csv = await (await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/export.csv", coachKey: true), TestContext.Current.CancellationToken))
            .Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(60, csv.Split("\r\n").Count(l => l.EndsWith(",true", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ImportFit_ThenTheRelaysOutboxAndASecondImport_NoSeqSharedAndEverySampleRecorded()
    {
        await using var host = Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var start = _time.GetUtcNow().ToUnixTimeMilliseconds() + 10_000;
        _time.Advance(TimeSpan.FromMinutes(8));
        var watch = WorkoutExportTests.Readings([.. Enumerable.Repeat(3.5, 300)], start);
        // The relay recorded the first minute live, then lost the hub; its outbox still holds seconds 60..119 (seqs
        // 61..120) when the coach uploads the watch's file, which covers 0..179. Later the watch's last two minutes too.
        var runner = await host.ConnectAsync(join.RunnerToken);
        var live = watch.Where(s => (s.ObservedAt - start) % 1000 == 0).Take(120).Select((s, i) => s with { Seq = i + 1 }).ToArray();
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = live[..60] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        var imported = await UploadAsync(host, session.SessionId, join.RunnerId, FitFile(watch.Where(s => s.ObservedAt - start < 180_000)), ActivityUpload.FitContentType, coachKey: true);
        var ack = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = live[60..] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var second = await UploadAsync(host, session.SessionId, join.RunnerId, FitFile(watch), ActivityUpload.FitContentType, coachKey: true);

        Assert.Equal(HttpStatusCode.OK, imported.Status);
        Assert.Equal(120, imported.Body.GetProperty("added").GetInt32());
        Assert.Equal((ImportApi.ImportSeqBase + 1, ImportApi.ImportSeqBase + 120), (imported.Body.GetProperty("firstSeq").GetInt64(), imported.Body.GetProperty("lastSeq").GetInt64()));
        // The outbox's seqs are new to the hub: recorded, acked contiguously, not dropped as duplicates of the upload.
        Assert.Equal((120, 60, 0), (ack.UpTo, ack.Accepted, ack.Duplicates));
        Assert.Equal(120, second.Body.GetProperty("added").GetInt32());
        Assert.Equal(ImportApi.ImportSeqBase + 121, second.Body.GetProperty("firstSeq").GetInt64());
        using var read = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/samples?runnerId={join.RunnerId}", coachKey: true), TestContext.Current.CancellationToken);
        var recorded = (await read.Content.ReadFromJsonAsync<RunnerSamples[]>(TestContext.Current.CancellationToken))!.SelectMany(c => c.Samples).ToArray();
        Assert.Equal(120 + 120 + 120, recorded.Length);
        Assert.Equal(recorded.Length, recorded.Select(s => s.Seq).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), recorded.Where(s => !s.Backfilled).Select(s => s.Seq).Order());
        Assert.Equal(live.Select(s => s.ObservedAt), recorded.Where(s => s.Seq <= 120).OrderBy(s => s.Seq).Select(s => s.ObservedAt));
    }

    [Fact]
    public async Task ImportTcx_WatchOnlyRunnerAddedByTheCoach_AddsEveryTrackpoint()
    {
        await using var host = Start();
        var session = await host.CreateSessionAsync();
        var start = _time.GetUtcNow().ToUnixTimeMilliseconds() + 5_000;
        _time.Advance(TimeSpan.FromMinutes(2));
        using var add = await host.Http.SendAsync(Post($"/api/sessions/{session.SessionId}/runners", JsonContent.Create(new { name = "Ben (watch)" }), coachKey: true), TestContext.Current.CancellationToken);
        var runnerId = (await add.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("runnerId").GetString()!;

        var result = await UploadAsync(host, session.SessionId, runnerId, Encoding.UTF8.GetBytes(Tcx("Running", start, 30)), ActivityUpload.TcxContentType, bearer: session.CoachToken);

        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(30, result.Body.GetProperty("added").GetInt32());
        Assert.Equal(ImportApi.ImportSeqBase + 1, result.Body.GetProperty("firstSeq").GetInt64());
    }

    public static TheoryData<string, string> BadUploads() => new()
    {
        { "badCrc", ActivityUpload.FitContentType },
        { "truncated", ActivityUpload.FitContentType },
        { "notFit", ActivityUpload.FitContentType },
        { "notTcx", ActivityUpload.TcxContentType },
        { "notRunning", ActivityUpload.TcxContentType },
        { "noRecords", ActivityUpload.TcxContentType },
        { "outsideWindow", ActivityUpload.FitContentType },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Import_BadFile_400NamingTheReasonAndCounted(string reason, string contentType)
    {
        await using var host = Start();
        using var meters = new MeterTotals(host.Services, i => i.Name == "mml.hub.samples.rejected", "reason");
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var start = _time.GetUtcNow().ToUnixTimeMilliseconds() + 5_000;
        _time.Advance(TimeSpan.FromMinutes(2));
        var fit = FitFile(WorkoutExportTests.Readings([.. Enumerable.Repeat(3.5, 20)], start));
        var body = reason switch
        {
            "badCrc" => [.. fit[..^1], (byte)(fit[^1] ^ 0xFF)],
            "truncated" => fit[..^10],
            "notFit" => Encoding.UTF8.GetBytes("seq,observedAt\r\n"),
            "notTcx" => Encoding.UTF8.GetBytes("<gpx></gpx>"),
            "notRunning" => Encoding.UTF8.GetBytes(Tcx("Biking", start, 10)),
            "noRecords" => Encoding.UTF8.GetBytes(Tcx("Running", start, 0)),
            _ => FitFile(WorkoutExportTests.Readings([.. Enumerable.Repeat(3.5, 20)], start - 86_400_000)),
        };

        var result = await UploadAsync(host, session.SessionId, join.RunnerId, body, contentType, coachKey: true);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(reason, result.Body.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(result.Body.GetProperty("detail").GetString()));
        Assert.Equal(1, meters.Total($"mml.hub.samples.rejected/activity.{reason}"));
    }

    [Fact]
    public async Task Import_OtherRunnersTokenOrWrongType_403And415()
    {
        await using var host = Start();
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var ben = await host.JoinAsync(session.JoinCode, "Ben");

        var other = await UploadAsync(host, session.SessionId, ana.RunnerId, [1, 2, 3], ActivityUpload.FitContentType, bearer: ben.RunnerToken);
        var type = await UploadAsync(host, session.SessionId, ana.RunnerId, [1, 2, 3], "application/octet-stream", coachKey: true);

        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, type.Status);
    }

    private HubTestHost Start() => HubTestHost.Start(services: s => s.AddSingleton<TimeProvider>(_time));

    private static byte[] FitFile(IEnumerable<MetricSample> samples)
    {
        var builder = new FitActivityBuilder();
        foreach (var s in samples)
        {
            builder.Add(s);
        }

        return FitActivityWriter.Write(builder.Build()!);
    }

    private static string Tcx(string sport, long start, int seconds)
    {
        var points = string.Concat(Enumerable.Range(0, seconds).Select(i =>
            $"<Trackpoint><Time>{DateTimeOffset.FromUnixTimeMilliseconds(start + (i * 1000L)):yyyy-MM-ddTHH:mm:ssZ}</Time><DistanceMeters>{i * 3}</DistanceMeters>"
            + "<HeartRateBpm><Value>150</Value></HeartRateBpm><Extensions><TPX xmlns=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\"><Speed>3</Speed><RunCadence>86</RunCadence></TPX></Extensions></Trackpoint>"));
        return $"""<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="{sport}"><Id>2026-01-01T00:00:00Z</Id><Lap StartTime="2026-01-01T00:00:00Z"><Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>""";
    }

    private static HttpRequestMessage Post(string path, HttpContent content, string? bearer = null, bool coachKey = false)
    {
        var request = HubTestHost.Get(path, bearer, coachKey);
        request.Method = HttpMethod.Post;
        request.Content = content;
        return request;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(
        HubTestHost host, string sessionId, string runnerId, byte[] file, string contentType, string? bearer = null, bool coachKey = false)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await host.Http.SendAsync(Post($"/api/sessions/{sessionId}/runners/{runnerId}/activity", content, bearer, coachKey), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}
