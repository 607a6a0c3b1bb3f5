using System.Text;
using MindMuscle.Live.Bench.Load.Measure;

namespace MindMuscle.Live.Bench.Tests.Measure;

public sealed class CsvRecordingScanTests
{
    private const string Header = "sessionId,runnerId,runnerName,seq,observedAt,heartRateBpm\n";

    [Fact]
    public async Task ScanAsync_RowsSplitAcrossReads_CountsRowsAndSeqsPerRunner()
    {
        var csv = new StringBuilder(Header);
        for (var seq = 1; seq <= 5000; seq++)
        {
            csv.Append("s1,r-a,Ana,").Append(seq).Append(",2026-11-25T20:00:00.000Z,150\r\n");
            csv.Append("s1,r-b,\"Bo, Jr\",").Append(seq).Append(",2026-11-25T20:00:00.000Z,\n");
        }

        using var body = new TrickleStream(Encoding.UTF8.GetBytes(csv.ToString()), chunk: 37);

        var result = await CsvRecordingScan.ScanAsync(body, 10_000, TestContext.Current.CancellationToken);

        Assert.Null(result.Problem);
        Assert.Equal(10_000, result.Rows);
        Assert.Equal(0, result.SeqsByRunner["r-a"].MissingUpTo(5000));
        Assert.Equal(0, result.SeqsByRunner["r-b"].MissingUpTo(5000));
        Assert.Equal(0, result.SeqsByRunner["r-b"].Duplicates);
    }

    [Fact]
    public async Task ScanAsync_DuplicateRow_IsCountedForThatRunner()
    {
        var csv = Header + "s1,r-a,Ana,1,x,1\ns1,r-a,Ana,2,x,1\ns1,r-a,Ana,2,x,1\n";
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(csv));

        var result = await CsvRecordingScan.ScanAsync(body, 10, TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Rows);
        Assert.Equal(1, result.SeqsByRunner["r-a"].Duplicates);
    }

    [Fact]
    public async Task ScanAsync_HeaderWithoutSeq_ReportsProblem()
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes("sessionId,runner,n\ns,r,n\n"));

        var result = await CsvRecordingScan.ScanAsync(body, 10, TestContext.Current.CancellationToken);

        Assert.NotNull(result.Problem);
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, like a network stream, so lines straddle reads.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
