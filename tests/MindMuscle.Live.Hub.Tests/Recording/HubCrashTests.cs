using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Tests.Ingest;
using MindMuscle.Live.TestKit;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>The built hub as a child process, killed with SIGKILL (no graceful shutdown) and restarted on its data folder.</summary>
public sealed class HubCrashTests
{
    [Fact]
    public async Task Recording_HubKilledMidPublishAndRestarted_LosesNothingAcknowledged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await HubChildProcess.StartAsync(ct);
        var http = hub.Http;
        var session = await hub.CreateSessionAsync("crash", ct).WaitAsync(HubTestHost.Timeout, ct);
        using var joinResponse = await http.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = session.JoinCode, RunnerName = "Ana" }, ct);
        var join = (await joinResponse.Content.ReadFromJsonAsync<JoinResponse>(ct))!;
        var acked = 0L;
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var publishing = Task.Run(async () =>
        {
            // Publish until the hub dies under us; remember the highest ack that came back.
            for (var seq = 1L; ; seq += 20)
            {
                try
                {
                    var ack = await PostAsync(http, join.RunnerToken, new SampleBatch { Samples = [.. SampleBuilder.Steady(seq, start + (seq * 100), 20, TimeSpan.FromMilliseconds(100))] });
                    Volatile.Write(ref acked, ack.UpTo);
                }
                catch (HttpRequestException)
                {
                    return;
                }
            }
        }, ct);
        await Polling.WaitUntilAsync(
            () => Volatile.Read(ref acked) >= 400 || publishing.IsCompleted,
            () => $"only {Volatile.Read(ref acked)} samples acknowledged",
            HubTestHost.Timeout,
            ct);
        Assert.True(Volatile.Read(ref acked) >= 400, "publishing stopped before 400 samples were acknowledged");

        await hub.KillAsync(ct).WaitAsync(HubTestHost.Timeout, ct);
        await publishing.WaitAsync(HubTestHost.Timeout, ct);
        var ackedBeforeKill = Volatile.Read(ref acked);

        await hub.RestartAsync(ct);
        using var http2 = new HttpClient { BaseAddress = hub.BaseUrl, Timeout = HubTestHost.Timeout };
        using var rejoin = await http2.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = session.JoinCode, RunnerName = "Ana", RunnerId = join.RunnerId, RejoinSecret = join.RejoinSecret }, ct);
        var again = (await rejoin.Content.ReadFromJsonAsync<JoinResponse>(ct))!;
        var resend = await PostAsync(http2, again.RunnerToken, new SampleBatch { Samples = [.. SampleBuilder.Steady(ackedBeforeKill - 9, start, 30, TimeSpan.FromMilliseconds(100))] });
        var seqs = PublishTests.RecordedSeqs(hub.DataPath, session.SessionId);

        Assert.Equal(HttpStatusCode.OK, rejoin.StatusCode);
        Assert.Equal(join.RunnerId, again.RunnerId);
        Assert.True(again.LastSeq >= ackedBeforeKill, $"restarted hub knows seq {again.LastSeq}, acked before the kill {ackedBeforeKill}");
        Assert.Equal(ackedBeforeKill + 20, resend.UpTo);
        Assert.Equal(Enumerable.Range(1, (int)resend.UpTo).Select(i => (long)i), seqs);
    }

    private static async Task<PublishAck> PostAsync(HttpClient http, string token, SampleBatch batch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest") { Content = JsonContent.Create(batch) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PublishAck>(TestContext.Current.CancellationToken))!;
    }
}
