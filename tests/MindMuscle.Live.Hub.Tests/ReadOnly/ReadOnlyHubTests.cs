using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.Hub.Tests.Review;
using MindMuscle.Live.TestKit.Waiting;
using static MindMuscle.Live.Hub.Tests.Review.SharesApiTests;

namespace MindMuscle.Live.Hub.Tests.ReadOnly;

/// <summary>
/// A hub started read-only on the data folder of a recorded run (real Kestrel, the real SQLite file, real SignalR
/// clients): every read answers, every change is refused with a 403 or a HubException that says so (counted), and the
/// database file is byte for byte what the recording hub left.
/// </summary>
public sealed class ReadOnlyHubTests
{
    private const string Refused = "mml.hub.readonly.refused";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadOnlyHub_ReadsAnswerChangesRefusedAndCounted_DatabaseBytesUnchanged()
    {
        var data = Directory.CreateTempSubdirectory("mml-readonly-").FullName;
        try
        {
            CreateSessionResponse session;
            string ana;
            JoinResponse late;
            await using (var recording = HubTestHost.Start(dataPath: data))
            {
                (session, ana, _, _) = await SeriesApiTests.RecordAsync(recording);
                late = await recording.JoinAsync(session.JoinCode, "Cleo");
                using var marker = await SendAsync(recording, HttpMethod.Post, $"/api/sessions/{session.SessionId}/markers", session.CoachToken, new MarkerRequest { Kind = MarkerKind.Note, Text = "warm-up done" });
                Assert.Equal(HttpStatusCode.Created, marker.StatusCode);
            }

            // A hub started once without --read-only moves what the recording hub left in the inbox (at its start). Not
            // needed for the review: a read-only hub reads the inbox with the samples table in every statement (InboxTests
            // covers a file left so). It makes the file this test reviews the one a cleanly stopped hub leaves, all in
            // the samples table: the test host does not always run the recorder's move at shutdown.
            await using (HubTestHost.Start(dataPath: data))
            {
            }

            // What the recording hub wrote may still sit in the WAL, and a connection of it that outlives it in this
            // process (pooled, or closed later by its finalizer) checkpoints the WAL into the file when it closes, at a
            // moment this test does not choose. Close those now and checkpoint, so the file is final before its hash.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var database = Path.Combine(data, "recording.db");
            await using (var checkpoint = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
            {
                await checkpoint.OpenAsync(Ct);
                using var pragma = checkpoint.CreateCommand();
                pragma.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await pragma.ExecuteNonQueryAsync(Ct);
            }

            var before = await File.ReadAllBytesAsync(database, Ct);
            var id = session.SessionId;
            await using (var review = HubTestHost.Start(new Dictionary<string, string?> { ["read-only"] = "true" }, dataPath: data))
            {
                using var meters = new MeterTotals(review.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == Refused, "surface");
                using var list = await review.Http.SendAsync(HubTestHost.Get("/api/sessions", coachKey: true), Ct);
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                Assert.Contains(id, await list.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
                foreach (var path in new[]
                {
                    "", "/samples", "/alerts", "/cues", "/markers", "/reps", "/laps", "/export.csv", "/laps.csv",
                    $"/series?runnerId={ana}&metric=cadenceSpm", $"/runners/{ana}/export.tcx", $"/runners/{ana}/export.fit",
                })
                {
                    using var read = await review.Http.SendAsync(HubTestHost.Get($"/api/sessions/{id}{path}", coachKey: true), Ct);
                    Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET {path} on a read-only hub: {read.StatusCode}");
                }

                // The web app's review page is served too (the same index.html fallback as on a recording hub).
                using var page = await review.Http.GetAsync(new Uri($"/sessions/{id}/review", UriKind.Relative), Ct);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

                using var series = await review.Http.SendAsync(HubTestHost.Get($"/api/sessions/{id}/series?runnerId={ana}&metric=cadenceSpm", coachKey: true), Ct);
                Assert.Equal(100, (await series.Content.ReadFromJsonAsync<RunnerSeries>(Ct))!.Points.Sum(p => p.N));
                using var markers = await review.Http.SendAsync(HubTestHost.Get($"/api/sessions/{id}/markers", coachKey: true), Ct);
                Assert.Equal("warm-up done", Assert.Single((await markers.Content.ReadFromJsonAsync<SessionMarker[]>(Ct))!).Text);

                // A coach token minted from the coach key changes nothing recorded: still given, so the web app can watch.
                using var minted = await SendCoachKeyAsync(review, HttpMethod.Post, $"/api/sessions/{id}/coach-token", null);
                Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
                var coachToken = (await minted.Content.ReadFromJsonAsync<CreateSessionResponse>(Ct))!.CoachToken;

                (HttpMethod Method, string Path, object? Body)[] changes =
                [
                    (HttpMethod.Post, "/api/sessions", new { name = "new" }),
                    (HttpMethod.Post, "/api/join", new { joinCode = session.JoinCode, runnerName = "Dan" }),
                    (HttpMethod.Post, "/api/ingest", new { samples = Array.Empty<object>() }),
                    (HttpMethod.Post, $"/api/sessions/{id}/markers", new { kind = "note", text = "x" }),
                    (HttpMethod.Post, $"/api/sessions/{id}/end", null),
                    (HttpMethod.Put, $"/api/sessions/{id}/auto-cue", new { mode = "off" }),
                    (HttpMethod.Post, $"/api/sessions/{id}/shares", new { }),
                    (HttpMethod.Post, $"/api/sessions/{id}/runners", new { name = "Eve" }),
                ];
                foreach (var (method, path, body) in changes)
                {
                    using var refused = await SendCoachKeyAsync(review, method, path, body);
                    var detail = await refused.Content.ReadAsStringAsync(Ct);
                    Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {refused.StatusCode} {detail}");
                    Assert.Contains("read-only", detail, StringComparison.Ordinal);
                }

                var coach = await review.ConnectAsync(coachToken);
                var snapshot = await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, id, Ct).WaitAsync(HubTestHost.Timeout, Ct);
                Assert.Contains(snapshot.Runners, r => r.RunnerId == ana);
                var cue = await Assert.ThrowsAsync<HubException>(() => coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { Text = "go" }, Ct).WaitAsync(HubTestHost.Timeout, Ct));
                Assert.True(cue.Message.Contains("read-only", StringComparison.Ordinal), cue.Message);
                var mark = await Assert.ThrowsAsync<HubException>(() => coach.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, new MarkerRequest { Kind = MarkerKind.Lap }, Ct).WaitAsync(HubTestHost.Timeout, Ct));
                Assert.Contains("read-only", mark.Message, StringComparison.Ordinal);
                // A runner never gets to publish: its connection is refused.
                var runner = review.CreateConnection(late.RunnerToken);
                await Assert.ThrowsAnyAsync<Exception>(async () =>
                {
                    await runner.StartAsync(Ct).WaitAsync(HubTestHost.Timeout, Ct);
                    await runner.InvokeAsync<PublishAck>(
                        LiveHubContract.Publish, new SampleBatch { Samples = [new MetricSample { Seq = 1, ObservedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }] }, Ct)
                        .WaitAsync(HubTestHost.Timeout, Ct);
                });

                await Polling.WaitUntilAsync(() => meters.Total($"{Refused}/live") >= 3, HubTestHost.Timeout, Ct);
                Assert.Equal(changes.Length, meters.Total($"{Refused}/rest"));
                Assert.Equal(3, meters.Total($"{Refused}/live"));
            }

            Assert.Equal(SHA256.HashData(before), SHA256.HashData(await File.ReadAllBytesAsync(database, Ct)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task ReadOnlyHub_NoRecordingInTheFolder_FailsToStartNamingTheFile()
    {
        var data = Directory.CreateTempSubdirectory("mml-readonly-empty-").FullName;
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var review = HubTestHost.Start(new Dictionary<string, string?> { ["read-only"] = "true" }, dataPath: data);
            });

            Assert.Contains("recording.db does not exist", error.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(data, "recording.db")));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> SendCoachKeyAsync(HubTestHost host, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Coach-Key", HubTestHost.CoachKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await host.Http.SendAsync(request, Ct);
    }
}
