using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Tests.Sources;

public sealed class FileReadingSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mml-file-source-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ReadAsync_HubCsvExport_ReplaysEveryRunnerFasterWithNowTimestamps()
    {
        var path = Write("session.csv",
            FileReadingSource.CsvHeader,
            "s1,r-a,\"Ana, the fast\",1,2026-11-25T18:00:00.000Z,150,400 410.5,172,3.6,1.26,10.5,240,245,8.4,50.1,true,88,false",
            "s1,r-b,Ben,1,2026-11-25T18:00:00.500Z,,,,,,,,,,,,,false",
            "s1,r-a,\"Ana, the fast\",2,2026-11-25T18:00:01.000Z,151,,,,,,,,,,,,false",
            "s1,r-a,\"Ana, the fast\",3,not-a-time,151,,,,,,,,,,,,false",
            "s1,r-b,Ben,2,2026-11-25T18:00:02.000Z,,,171,3.5,,,,,,,,80,true");
        await using var sut = new FileReadingSource(path, new ReadingSourceOptions { Speed = 100 });

        var readings = await ReadAllAsync(sut);

        Assert.Equal(["Ana, the fast", "Ben"], sut.RunnerNames);
        Assert.Equal([0, 1, 0, 1], readings.Select(r => r.RunnerIndex));
        var first = readings[0].Sample;
        Assert.Equal(150, first.HeartRateBpm);
        Assert.Equal([400, 410.5], first.RrIntervalsMs!);
        Assert.Equal(172, first.CadenceSpm);
        Assert.Equal(240, first.PowerW);
        Assert.Equal(50.1, first.GctBalanceLeftPct);
        Assert.True(first.SensorContact);
        Assert.Null(readings[1].Sample.HeartRateBpm);
        Assert.False(readings[3].Sample.Backfilled);
        Assert.Equal([0, 5, 10, 20], readings.Select(r => r.Sample.ObservedAt - first.ObservedAt));
        Assert.Equal(1, sut.Rejected);
    }

    [Fact]
    public async Task ReadAsync_NotificationLog_DecodesThroughGatt()
    {
        var path = Write("notifications.txt",
            "# offsetMs charUuid hex",
            "0 2a37 16960002",
            "500 2a53 070003ac7e0069000000",
            "1000 2a37 zz",
            "1000 2a63 0000f000");
        await using var sut = new FileReadingSource(path, new ReadingSourceOptions { Speed = 50, RunnerName = "Ana" });

        var readings = await ReadAllAsync(sut);

        Assert.Equal(["Ana"], sut.RunnerNames);
        Assert.Equal(3, readings.Count);
        Assert.Equal(150, readings[0].Sample.HeartRateBpm);
        Assert.Equal(3.0, readings[1].Sample.SpeedMps);
        Assert.Equal(240, readings[2].Sample.PowerW);
        Assert.Equal([0, 10, 20], readings.Select(r => r.Sample.ObservedAt - readings[0].Sample.ObservedAt));
        Assert.Equal(1, sut.Rejected);
    }

    [Fact]
    public void Create_CsvWithAnotherHeader_ThrowsSpecException()
    {
        var path = Write("other.csv", "sessionId,foo,bar", "1,2,3");

        var ex = Assert.Throws<ReadingSourceSpecException>(() => new FileReadingSource(path, new ReadingSourceOptions()));

        Assert.Contains("header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadSpeed_ThrowsSpecException()
    {
        var path = Write("a.txt", "0 2a37 0696");

        Assert.Throws<ReadingSourceSpecException>(() => new FileReadingSource(path, new ReadingSourceOptions { Speed = 0 }));
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static async Task<List<SourceReading>> ReadAllAsync(FileReadingSource source)
    {
        var list = new List<SourceReading>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await foreach (var reading in source.ReadAsync(timeout.Token))
        {
            list.Add(reading);
        }

        return list;
    }
}
