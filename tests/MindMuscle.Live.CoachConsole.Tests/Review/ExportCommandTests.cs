using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Review;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Tests.Review;

/// <summary><c>export --format fit</c> against the real hub child process: one FIT file per runner, readable, with running dynamics.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mml-export-");

    [Fact]
    public async Task ExportAsync_FitFormat_OneFitFilePerRunnerWithEveryRecordsRunningDynamics()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await HubChildProcess.StartAsync(ct);
        var session = await hub.CreateSessionAsync("e2e fit export", ct).WaitAsync(Step, ct);
        var join = await hub.JoinAsync(session.JoinCode, "Ana Lima", ct).WaitAsync(Step, ct);
        await PublishAsync(hub.BaseUrl, join.RunnerToken, seconds: 30, ct);
        var target = new HubTarget { HubUrl = hub.BaseUrl, Token = session.CoachToken };
        using var http = new HttpClient();

        var files = await ExportCommand.ExportAsync(new CoachRestClient(http, target), session.SessionId, ExportFormat.Fit, _dir, ct).WaitAsync(Step, ct);

        var file = Assert.Single(files);
        Assert.Equal($"{session.SessionId}-Ana_Lima-{join.RunnerId}.fit", file.Name);
        Assert.True(FitReader.TryRead(await File.ReadAllBytesAsync(file.FullName, ct), out var activity, out var error), error.Message);
        Assert.Equal(30, activity.Records.Count);
        Assert.All(activity.Records, r =>
        {
            Assert.Equal(172, r.CadenceSpm);
            Assert.Equal(241.5, r.GroundContactMs);
            Assert.Equal(8.2, r.VerticalOscillationCm!.Value, 6);
        });
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.partial"));
    }

    [Fact]
    public async Task ExportAsync_CsvFormat_SamplesAndLapsFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await HubChildProcess.StartAsync(ct);
        var session = await hub.CreateSessionAsync("e2e csv export", ct).WaitAsync(Step, ct);
        var join = await hub.JoinAsync(session.JoinCode, "Ana", ct).WaitAsync(Step, ct);
        await PublishAsync(hub.BaseUrl, join.RunnerToken, seconds: 10, ct);
        var target = new HubTarget { HubUrl = hub.BaseUrl, Token = session.CoachToken };
        using var http = new HttpClient();

        var files = await ExportCommand.ExportAsync(new CoachRestClient(http, target), session.SessionId, ExportFormat.Csv, _dir, ct).WaitAsync(Step, ct);

        Assert.Equal([$"{session.SessionId}.csv", $"{session.SessionId}-laps.csv"], files.Select(f => f.Name));
        var laps = await File.ReadAllLinesAsync(files[1].FullName, ct);
        Assert.StartsWith("sessionId,runnerId,runnerName,lap,kind,rep,", laps[0], StringComparison.Ordinal);
        Assert.Contains($",{join.RunnerId},Ana,1,lap,,", laps[1], StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static async Task PublishAsync(Uri hub, string token, int seconds, CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(hub, "hubs/live"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await using (connection)
        {
            await connection.StartAsync(ct).WaitAsync(Step, ct);
            var start = ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000) - 60) * 1000;
            var samples = Enumerable.Range(0, seconds).SelectMany(s => new[]
            {
                new MetricSample { ObservedAt = start + (s * 1000L) + 200, HeartRateBpm = 150 },
                new MetricSample
                {
                    ObservedAt = start + (s * 1000L) + 600, CadenceSpm = 172, SpeedMps = 3.6, DistanceM = s * 3.6,
                    GroundContactMs = 241.5, VerticalOscillationCm = 8.2, GctBalanceLeftPct = 50.2, StrideLengthM = 1.26,
                },
            }).Select((sample, i) => sample with { Seq = i + 1 }).ToArray();
            var ack = await connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples }, ct).WaitAsync(Step, ct);
            Assert.Equal(samples.Length, ack.UpTo);
        }
    }
}
