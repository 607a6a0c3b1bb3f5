using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Tests.Ingest;
using MindMuscle.Live.TestKit;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>The recorder's shutdown work (drain, inbox move) runs when the host stops, whoever disposes it later.</summary>
public sealed class RecordingShutdownTests
{
    [Fact]
    public async Task Host_Stopped_LeavesEveryAcknowledgedSampleInTheSamplesTable()
    {
        var ct = TestContext.Current.CancellationToken;
        // An hour: nothing but the shutdown moves the inbox during the test.
        await using var host = HubTestHost.Start(new Dictionary<string, string?> { ["Hub:RecorderInboxMoveInterval"] = "01:00:00" });
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ack = await PublishTests.PostIngestAsync(
            host, join.RunnerToken, new SampleBatch { Samples = [.. SampleBuilder.Steady(1, start, 12, TimeSpan.FromMilliseconds(250))] });
        Assert.Equal(12, ack.UpTo);
        Assert.Equal((0L, 12L), Counts(host.DataPath));

        await host.Services.GetRequiredService<IHost>().StopAsync(ct).WaitAsync(HubTestHost.Timeout, ct);

        Assert.Equal((12L, 0L), Counts(host.DataPath));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), PublishTests.RecordedSeqs(host, session.SessionId));
    }

    /// <summary>(rows in samples, rows in the inbox), read from outside the hub.</summary>
    private static (long Samples, long Inbox) Counts(string dataPath)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "recording.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM samples), (SELECT COUNT(*) FROM samples_inbox)";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
