using MindMuscle.Live.CoachConsole.Analyze;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Review;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Tests.Review;

public sealed class ConvertCommandTests : IDisposable
{
    private const long Start = 1_780_000_000_000;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mml-convert-");

    [Fact]
    public async Task ConvertAsync_FitToCsvToFitAndTcx_KeepsEveryRecordsValues()
    {
        var ct = TestContext.Current.CancellationToken;
        var fit = await WriteFitAsync(seconds: 40);

        var (csv, csvRows) = await ConvertCommand.ConvertAsync(fit, File("run.csv"), null, ct);
        var (back, fitRecords) = await ConvertCommand.ConvertAsync(csv, File("back.fit"), null, ct);
        var (tcx, tcxRecords) = await ConvertCommand.ConvertAsync(csv, File("back.tcx"), null, ct);

        Assert.Equal(40, csvRows);
        var rows = ReadCsv(csv);
        Assert.Equal(40, rows.Count);
        Assert.Equal(Start + 5000, rows[5].Sample.ObservedAt);
        Assert.Equal(155, rows[5].Sample.HeartRateBpm);
        Assert.Equal(238.5, rows[5].Sample.GroundContactMs);
        Assert.Equal(40, fitRecords);
        Assert.True(FitReader.TryRead(await System.IO.File.ReadAllBytesAsync(back.FullName, ct), out var activity, out var error), error.Message);
        Assert.Equal(rows.Select(r => r.Sample.ObservedAt), activity.Records.Select(r => r.Timestamp));
        Assert.Equal(rows.Select(r => r.Sample.GroundContactMs), activity.Records.Select(r => r.GroundContactMs));
        Assert.Equal(rows.Select(r => r.Sample.VerticalOscillationCm), activity.Records.Select(r => r.VerticalOscillationCm));
        Assert.Equal(40, tcxRecords);
        await using var tcxStream = tcx.OpenRead();
        Assert.True(TcxReader.TryRead(tcxStream, out var read, out var tcxError), tcxError.Message);
        Assert.Equal(rows.Select(r => r.Sample.HeartRateBpm), read!.Records.Select(r => r.HeartRateBpm));
    }

    [Fact]
    public async Task ConvertAsync_UnknownExtension_SaysWhichFormats()
    {
        var fit = await WriteFitAsync(seconds: 2);

        var error = await Assert.ThrowsAsync<HubApiException>(() => ConvertCommand.ConvertAsync(fit, File("run.gpx"), null, TestContext.Current.CancellationToken));

        Assert.Contains(".csv, .fit or .tcx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConvertAsync_DamagedFit_NamesTheOffset()
    {
        var fit = await WriteFitAsync(seconds: 5);
        var bytes = await System.IO.File.ReadAllBytesAsync(fit.FullName, TestContext.Current.CancellationToken);
        await System.IO.File.WriteAllBytesAsync(fit.FullName, bytes[..^3], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<HubApiException>(() => ConvertCommand.ConvertAsync(fit, File("run.csv"), null, TestContext.Current.CancellationToken));

        Assert.Contains("truncated at byte", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private FileInfo File(string name) => new(Path.Combine(_dir.FullName, name));

    private async Task<FileInfo> WriteFitAsync(int seconds)
    {
        var builder = new FitActivityBuilder();
        for (var i = 0; i < seconds; i++)
        {
            builder.Add(new MetricSample
            {
                Seq = i + 1, ObservedAt = Start + (i * 1000L), HeartRateBpm = 150 + i, CadenceSpm = 176, SpeedMps = 3.6, DistanceM = i * 3.6,
                GroundContactMs = 238.5, VerticalOscillationCm = 8.4, GctBalanceLeftPct = 49.8, StrideLengthM = 1.227, PowerW = 260,
            });
        }

        var file = File("watch.fit");
        await System.IO.File.WriteAllBytesAsync(file.FullName, FitActivityWriter.Write(builder.Build()!), TestContext.Current.CancellationToken);
        return file;
    }

    private static List<SessionCsvRow> ReadCsv(FileInfo file)
    {
        using var text = file.OpenText();
        var reader = new SessionCsvReader(text);
        Assert.True(reader.TryReadHeader(out var headerError), headerError);
        var rows = new List<SessionCsvRow>();
        while (reader.TryReadRow(out var row, out var error))
        {
            Assert.Null(error);
            rows.Add(row);
        }

        return rows;
    }
}
