using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Review;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.CoachConsole.Tests.Review;

/// <summary><c>import ID FILE --name NAME</c> against the real hub child process: a watch-only runner's FIT joins the session once.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mml-import-");

    [Fact]
    public async Task ImportAsync_WatchOnlyRunnerFit_AddsItsSecondsOnceThenSkipsThem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await HubChildProcess.StartAsync(ct);
        var session = await hub.CreateSessionAsync("e2e import", ct).WaitAsync(Step, ct);
        // The recording must lie between the session's start and the upload: three whole seconds after the start.
        var start = ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000) + 1) * 1000;
        await Polling.WaitUntilAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > start + 3000, Step, ct);
        var builder = new FitActivityBuilder();
        for (var i = 0; i < 3; i++)
        {
            builder.Add(new MetricSample { ObservedAt = start + (i * 1000L), HeartRateBpm = 150 + i, GroundContactMs = 240 });
        }

        var file = new FileInfo(Path.Combine(_dir.FullName, "watch.fit"));
        await File.WriteAllBytesAsync(file.FullName, FitActivityWriter.Write(builder.Build()!), ct);
        var target = new HubTarget { HubUrl = hub.BaseUrl, Token = session.CoachToken };
        using var http = new HttpClient();
        var rest = new CoachRestClient(http, target);

        var (runnerId, first) = await ImportCommand.ImportAsync(rest, session.SessionId, file, null, "Ben (watch)", ct).WaitAsync(Step, ct);
        var (_, again) = await ImportCommand.ImportAsync(rest, session.SessionId, file, runnerId, null, ct).WaitAsync(Step, ct);

        // The hub numbers imported samples from 2^40 up, above any live seq, so they never collide with a relay's.
        const long ImportSeqBase = 1L << 40;
        Assert.Equal(new ActivityImport(3, 0, 0, ImportSeqBase + 1, ImportSeqBase + 3), first);
        Assert.Equal(new ActivityImport(0, 3, 0, null, null), again);
        var samples = await rest.GetSamplesAsync(session.SessionId, runnerId, ct).WaitAsync(Step, ct);
        Assert.Equal([150, 151, 152], samples.Select(s => s.HeartRateBpm ?? 0));
        Assert.All(samples, s => Assert.True(s.Backfilled));
    }

    [Fact]
    public async Task ImportAsync_NotFitOrTcx_SaysWhichExtensions()
    {
        var file = new FileInfo(Path.Combine(_dir.FullName, "run.gpx"));
        await File.WriteAllTextAsync(file.FullName, "<gpx/>", TestContext.Current.CancellationToken);
        using var http = new HttpClient();
        var rest = new CoachRestClient(http, new HubTarget { HubUrl = new Uri("http://127.0.0.1:9/"), Token = "t" });

        var error = await Assert.ThrowsAsync<HubApiException>(() => ImportCommand.ImportAsync(rest, "s", file, "r", null, TestContext.Current.CancellationToken));

        Assert.Contains(".fit or .tcx", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
