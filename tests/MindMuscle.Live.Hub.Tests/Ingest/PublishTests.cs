using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.TestKit;
using MindMuscle.Live.TestKit.Recording;

namespace MindMuscle.Live.Hub.Tests.Ingest;

public sealed class PublishTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Publish_DuplicateAndOverlappingBatches_RecordsEachSampleOnce()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var start = Now;
        var first = new SampleBatch { Samples = [.. SampleBuilder.Steady(1, start, 10, TimeSpan.FromMilliseconds(250))] };
        var overlapping = new SampleBatch { Samples = [.. SampleBuilder.Steady(6, start + 1250, 10, TimeSpan.FromMilliseconds(250))] };

        var ack1 = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, first, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var ackResent = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, first, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var ack2 = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, overlapping, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var ackHttp = await PostIngestAsync(host, join.RunnerToken, overlapping);

        Assert.Equal(10, ack1.UpTo);
        Assert.Equal(10, ackResent.UpTo);
        Assert.Equal(0, ackResent.Accepted);
        Assert.Equal(10, ackResent.Duplicates);
        Assert.Equal(15, ack2.UpTo);
        Assert.Equal(5, ack2.Accepted);
        Assert.Equal(5, ack2.Duplicates);
        Assert.Equal(15, ackHttp.UpTo);
        Assert.Equal(10, ackHttp.Duplicates);
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), RecordedSeqs(host, session.SessionId));
    }

    [Fact]
    public async Task Publish_SampleOutOfRange_RejectedNamingFieldAndSeqAndNothingRecorded()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var samples = SampleBuilder.Steady(1, Now, 3, TimeSpan.FromSeconds(1)).ToArray();
        samples[1] = samples[1] with { CadenceSpm = 900 };

        var error = await Assert.ThrowsAsync<HubException>(() =>
            runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));

        Assert.Contains("Batch rejected (outOfRange): samples[1].cadenceSpm", error.Message, StringComparison.Ordinal);
        Assert.Contains("seq 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(RecordedSeqs(host, session.SessionId));
    }

    [Fact]
    public async Task Publish_ReadingRefusedForItsValues_AckMovesPastItsSeqOnceTheRestIsSent()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var ct = TestContext.Current.CancellationToken;
        var samples = SampleBuilder.Steady(1, Now - 30_000, 20, TimeSpan.FromMilliseconds(250)).ToArray();
        samples[4] = samples[4] with { HeartRateBpm = 300 };

        await Assert.ThrowsAsync<HubException>(() =>
            runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples[..10] }, ct).WaitAsync(HubTestHost.Timeout, ct));
        // What a relay does next: the refused reading is dead-lettered, the rest of its batch sent again.
        var resent = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [.. samples[..4], .. samples[5..10]] }, ct).WaitAsync(HubTestHost.Timeout, ct);
        var later = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples[10..] }, ct).WaitAsync(HubTestHost.Timeout, ct);

        Assert.Equal(10, resent.UpTo);
        Assert.Equal(20, later.UpTo);
        Assert.Equal(Enumerable.Range(1, 20).Where(i => i != 5).Select(i => (long)i), RecordedSeqs(host, session.SessionId));
    }

    [Theory]
    [InlineData(5)] // refused below later samples: a gap in the recording
    [InlineData(10)] // refused as the newest reading: no gap, nothing recorded above it yet
    public async Task Publish_HubRestartedOnTheSameFileAfterARefusal_AckStillMovesPastTheRefusedSeq(int refusedSeq)
    {
        var data = Directory.CreateTempSubdirectory("mml-refused-").FullName;
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var samples = SampleBuilder.Steady(1, Now - 30_000, 20, TimeSpan.FromMilliseconds(250)).ToArray();
            samples[refusedSeq - 1] = samples[refusedSeq - 1] with { HeartRateBpm = 300 };
            var kept = samples[..10].Where(s => s.Seq != refusedSeq).ToArray();
            CreateSessionResponse session;
            JoinResponse join;
            PublishAck beforeRestart;
            await using (var first = HubTestHost.Start(dataPath: data))
            {
                session = await first.CreateSessionAsync();
                join = await first.JoinAsync(session.JoinCode);
                var runner = await first.ConnectAsync(join.RunnerToken);
                await Assert.ThrowsAsync<HubException>(() =>
                    runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples[..10] }, ct).WaitAsync(HubTestHost.Timeout, ct));
                // The relay dead-letters the refused reading and sends the rest of its batch again.
                beforeRestart = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = kept }, ct).WaitAsync(HubTestHost.Timeout, ct);
            }

            await using var second = HubTestHost.Start(dataPath: data);
            var again = await second.ConnectAsync(join.RunnerToken);
            // After the restart the relay resends what it holds unacked (never the dead-lettered reading), then goes on.
            var resent = await again.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = kept }, ct).WaitAsync(HubTestHost.Timeout, ct);
            var later = await again.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples[10..] }, ct).WaitAsync(HubTestHost.Timeout, ct);

            Assert.Equal(10, beforeRestart.UpTo);
            Assert.Equal(10, resent.UpTo);
            Assert.Equal(kept.Length, resent.Duplicates);
            Assert.Equal(20, later.UpTo);
            Assert.Equal(Enumerable.Range(1, 20).Where(i => i != refusedSeq).Select(i => (long)i), RecordedSeqs(second, session.SessionId));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Publish_RefusalWriteFailedThenRefusedAgain_WrittenSoARestartedHubAcksPastIt()
    {
        var data = Directory.CreateTempSubdirectory("mml-refused-").FullName;
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var samples = SampleBuilder.Steady(1, Now - 30_000, 20, TimeSpan.FromMilliseconds(250)).ToArray();
            samples[4] = samples[4] with { HeartRateBpm = 300 };
            var kept = samples[..10].Where(s => s.Seq != 5).ToArray();
            JoinResponse join;
            await using (var first = HubTestHost.Start(dataPath: data))
            {
                var session = await first.CreateSessionAsync();
                join = await first.JoinAsync(session.JoinCode);
                var runner = await first.ConnectAsync(join.RunnerToken);

                // The first refusal's write fails (the file refuses it); the same reading is refused again once it would not.
                ExecuteOnRecording(data, "CREATE TRIGGER refusal_fails BEFORE INSERT ON refused_seqs BEGIN SELECT RAISE(ABORT, 'refused for the test'); END");
                await Assert.ThrowsAsync<HubException>(() =>
                    runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples[..10] }, ct).WaitAsync(HubTestHost.Timeout, ct));
                ExecuteOnRecording(data, "DROP TRIGGER refusal_fails");
                await Assert.ThrowsAsync<HubException>(() =>
                    runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples[..10] }, ct).WaitAsync(HubTestHost.Timeout, ct));
                var beforeRestart = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = kept }, ct).WaitAsync(HubTestHost.Timeout, ct);
                Assert.Equal(10, beforeRestart.UpTo);
            }

            await using var second = HubTestHost.Start(dataPath: data);
            var again = await second.ConnectAsync(join.RunnerToken);
            var resent = await again.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = kept }, ct).WaitAsync(HubTestHost.Timeout, ct);

            Assert.Equal(10, resent.UpTo);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("""{"samples":[{"seq":0,"observedAt":NOW}]}""", "samples[0].seq")]
    [InlineData("""{"samples":[{"seq":1,"observedAt":NOW},{"seq":1,"observedAt":NOW}]}""", "samples[1].seq")]
    [InlineData("""{"samples":[{"seq":1,"observedAt":1000}]}""", "samples[0].observedAt")]
    [InlineData("""{"samples":[{"seq":1,"observedAt":NOW,"rrIntervalsMs":[800,-3]}]}""", "samples[0].rrIntervalsMs[1]")]
    [InlineData("""{"samples":[{"seq":1,"observedAt":NOW,"heartRateBpm":"fast"}]}""", "$.samples[0].heartRateBpm")]
    [InlineData("""{"samples":[{"seq":1,"observedAt":NOW,"speedMps":NaN}]}""", "$.samples[0].speedMps")]
    public async Task Ingest_MalformedBatch_ProblemNamesTheFieldAndNothingRecorded(string body, string field)
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest")
        {
            Content = new StringContent(body.Replace("NOW", Now.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", join.RunnerToken);

        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(RecordedSeqs(host, session.SessionId));
    }

    [Fact]
    public async Task Publish_BatchLargerThanLimit_Rejected()
    {
        await using var host = HubTestHost.Start(new Dictionary<string, string?> { ["Hub:MaxBatchSamples"] = "5" });
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken, messagePack: true);

        var error = await Assert.ThrowsAsync<HubException>(() => runner.InvokeAsync<PublishAck>(
            LiveHubContract.Publish, new SampleBatch { Samples = [.. SampleBuilder.Steady(1, Now, 6, TimeSpan.FromSeconds(1))] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));

        Assert.Contains("at most 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_MessagePackNaN_RejectedNamingTheField()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken, messagePack: true);
        var sample = new MetricSample { Seq = 1, ObservedAt = Now, SpeedMps = double.NaN };

        var error = await Assert.ThrowsAsync<HubException>(() => runner.InvokeAsync<PublishAck>(
            LiveHubContract.Publish, new SampleBatch { Samples = [sample] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));

        Assert.Contains("samples[0].speedMps", error.Message, StringComparison.Ordinal);
        Assert.Empty(RecordedSeqs(host, session.SessionId));
    }

    internal static async Task<PublishAck> PostIngestAsync(HubTestHost host, string runnerToken, SampleBatch batch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest") { Content = JsonContent.Create(batch) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", runnerToken);
        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PublishAck>(TestContext.Current.CancellationToken))!;
    }

    private static void ExecuteOnRecording(string dataPath, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataPath, "recording.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static List<long> RecordedSeqs(HubTestHost host, string sessionId) => RecordedSeqs(host.DataPath, sessionId);

    /// <summary>Every runner's recorded seqs, runners in id order (the samples table and the not yet moved inbox).</summary>
    internal static List<long> RecordedSeqs(string dataPath, string sessionId) =>
        [.. RecordingFile.RecordedSeqs(dataPath, sessionId).OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value)];
}
