using MindMuscle.Live.Core.Fit;
using static MindMuscle.Live.Core.Tests.Fit.FitBytes;

namespace MindMuscle.Live.Core.Tests.Fit;

public sealed class FitReaderTests
{
    private const uint T0 = 1_000_000_000; // FIT seconds: 2021-09-09
    private const byte UInt8 = 0x02, UInt16 = 0x84, UInt32 = 0x86, Enum = 0x00;

    private static readonly (byte, byte, byte)[] RecordHrGct = [(253, 4, UInt32), (3, 1, UInt8), (41, 2, UInt16)];

    [Fact]
    public void TryRead_BigEndianDefinition_ReadsValuesInThatByteOrder()
    {
        var file = new FitBytes()
            .Define(0, 20, bigEndian: true, RecordHrGct)
            .Message(0, [.. U32(T0, true), 150, .. U16(2345, true)])
            .ToFile();

        Assert.True(FitReader.TryRead(file, out var activity, out var error), error.Message);

        var r = Assert.Single(activity.Records);
        Assert.Equal(FitTime.ToUnixMs(T0), r.Timestamp);
        Assert.Equal(150, r.HeartRateBpm);
        Assert.Equal(234.5, r.GroundContactMs);
    }

    [Fact]
    public void TryRead_InvalidValues_ReadAsNullNeverZero()
    {
        var file = new FitBytes()
            .Define(0, 20, bigEndian: false, [(253, 4, UInt32), (3, 1, UInt8), (4, 1, UInt8), (41, 2, UInt16), (5, 4, UInt32)])
            .Message(0, [.. U32(T0), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
            .ToFile();

        Assert.True(FitReader.TryRead(file, out var activity, out var error), error.Message);

        var r = Assert.Single(activity.Records);
        Assert.Null(r.HeartRateBpm);
        Assert.Null(r.CadenceSpm);
        Assert.Null(r.GroundContactMs);
        Assert.Null(r.DistanceM);
    }

    [Fact]
    public void TryRead_CompressedTimestamps_AdvanceFromTheLastFullTimestampAndRollOver()
    {
        // T0 & 0x1F is 0 (1_000_000_000 = 0x3B9ACA00): offsets 30 then 2 roll over to T0 + 34.
        var file = new FitBytes()
            .Define(0, 20, bigEndian: false, RecordHrGct)
            .Message(0, [.. U32(T0), 140, .. U16(2400)])
            .Define(1, 20, bigEndian: false, [(3, 1, UInt8)])
            .Compressed(1, 30, 141)
            .Compressed(1, 2, 142)
            .ToFile();

        Assert.True(FitReader.TryRead(file, out var activity, out var error), error.Message);

        Assert.Equal([0L, 30_000, 34_000], activity.Records.Select(r => r.Timestamp - FitTime.ToUnixMs(T0)));
        Assert.Equal([140, 141, 142], activity.Records.Select(r => r.HeartRateBpm ?? 0));
    }

    [Fact]
    public void TryRead_DeveloperFields_AreSkippedWithoutBreakingTheRead()
    {
        var file = new FitBytes()
            .Define(0, 20, bigEndian: false, RecordHrGct, developer: [(0, 3, 0), (1, 2, 0)])
            .Message(0, [.. U32(T0), 160, .. U16(2500), 9, 9, 9, 7, 7])
            .Message(0, [.. U32(T0 + 1), 161, .. U16(2510), 9, 9, 9, 7, 7])
            .ToFile();

        Assert.True(FitReader.TryRead(file, out var activity, out var error), error.Message);

        Assert.Equal([160, 161], activity.Records.Select(r => r.HeartRateBpm ?? 0));
        Assert.Equal(251, activity.Records[1].GroundContactMs);
    }

    [Fact]
    public void TryRead_ChainedFilesAndTwelveByteHeader_ReadsBoth()
    {
        var first = new FitBytes().Define(0, 20, false, RecordHrGct).Message(0, [.. U32(T0), 120, .. U16(2000)]).ToFile(headerSize: 12);
        var second = new FitBytes().Define(3, 20, false, RecordHrGct).Message(3, [.. U32(T0 + 1), 121, .. U16(2001)]).ToFile();

        Assert.True(FitReader.TryRead([.. first, .. second], out var activity, out var error), error.Message);

        Assert.Equal([120, 121], activity.Records.Select(r => r.HeartRateBpm ?? 0));
    }

    [Fact]
    public void TryRead_RunningCadence_IsTwiceCadencePlusFraction()
    {
        var file = new FitBytes()
            .Define(0, 20, false, [(253, 4, UInt32), (4, 1, UInt8), (53, 1, UInt8)])
            .Message(0, [.. U32(T0), 87, 64])
            .ToFile();

        Assert.True(FitReader.TryRead(file, out var activity, out var error), error.Message);

        Assert.Equal(175, Assert.Single(activity.Records).CadenceSpm);
    }

    [Fact]
    public void TryRead_HeaderCrcZero_IsAccepted()
    {
        var file = new FitBytes().Define(0, 20, false, RecordHrGct).Message(0, [.. U32(T0), 120, .. U16(2000)]).ToFile(headerCrc: false);

        Assert.True(FitReader.TryRead(file, out _, out var error), error.Message);
    }

    public static TheoryData<string, FitReadErrorKind, long> Malformed() => new()
    {
        { "empty", FitReadErrorKind.NotFit, 0 },
        { "csv", FitReadErrorKind.NotFit, 0 },
        { "headerCrc", FitReadErrorKind.HeaderCrc, 12 },
        { "fileCrc", FitReadErrorKind.FileCrc, 14 + 14 },
        { "truncated", FitReadErrorKind.Truncated, 14 + 14 + 2 - 5 },
        { "undefinedLocal", FitReadErrorKind.UndefinedLocalMessage, 14 },
        { "architecture", FitReadErrorKind.BadDefinition, 14 + 2 },
        { "trailingGarbage", FitReadErrorKind.NotFit, 14 + 14 + 2 },
        { "protocol", FitReadErrorKind.UnsupportedProtocol, 1 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryRead_MalformedFile_IsTypedErrorWithOffset(string name, FitReadErrorKind kind, long offset)
    {
        var good = new FitBytes().Define(0, 20, false, [(253, 4, UInt32)]).Message(0, [.. U32(T0)]).ToFile(); // 9 + 5 = 14 data bytes
        var bytes = name switch
        {
            "empty" => [],
            "csv" => "session_id,runner_id\r\n"u8.ToArray(),
            "headerCrc" => Mutate(good, 12, 0x55),
            "fileCrc" => Mutate(good, good.Length - 1, 0x55),
            "truncated" => good[..^5],
            "undefinedLocal" => new FitBytes().Message(2, [.. U32(T0)]).ToFile(),
            "architecture" => new FitBytes().Raw(0x40, 0, 7, 20, 0, 0).ToFile(),
            "trailingGarbage" => [.. good, 1, 2, 3],
            "protocol" => Fixed(Mutate(good, 1, 0x30)),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        Assert.False(FitReader.TryRead(bytes, out var activity, out var error));

        Assert.Null(activity);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(offset, error.Offset);
        Assert.Contains($"at byte {offset}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_FileOfTheWriter_ReportsItsSportAndDevice()
    {
        var activity = new FitActivityBuilder();
        activity.Add(new() { Seq = 1, ObservedAt = 1_700_000_000_000, HeartRateBpm = 120 });
        var file = FitActivityWriter.Write(activity.Build()!);

        Assert.True(FitReader.TryRead(file, out var read, out _));

        Assert.True(Assert.Single(read.Sessions).IsRunning);
        Assert.Equal(1.0, Assert.Single(read.Devices).SoftwareVersion);
    }

    private static byte[] Mutate(byte[] bytes, int at, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }

    private static byte[] Fixed(byte[] bytes)
    {
        FixCrcs(bytes);
        return bytes;
    }
}
