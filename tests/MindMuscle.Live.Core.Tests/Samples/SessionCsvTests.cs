using System.Globalization;
using CsCheck;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Tests.Samples;

public sealed class SessionCsvTests
{
    private const string GoodRow =
        "s1,r-a,\"Ana, \"\"the fast\"\"\",7,2026-11-25T18:00:00.250Z,150,400 410.5,172,3.6,1.26,10.5,240,245,8.4,50.1,true,88,false";

    /// <summary>Free text with every character RFC 4180 quoting has to deal with.</summary>
    private static readonly Gen<string> Texts = Gen.Char["ab Zé,\"\r\n;'"].Array[0, 12].Select(chars => new string(chars));

    private static readonly Gen<double> Doubles = Gen.Frequency(
        (2, Gen.Double[-1e6, 1e6]),
        (1, Gen.Double.Where(double.IsFinite)),
        (1, Gen.Int[0, 400].Select(i => (double)i)));

    private static readonly Gen<MetricSample> Samples =
        Gen.Select(
            Gen.Long[1, long.MaxValue], Gen.Long[946_684_800_000, 4_102_444_800_000], Gen.Int.Nullable(0.3),
            Gen.Frequency((1, Gen.Const((double[]?)null)), (3, Doubles.Array[1, 6].Select(a => (double[]?)a))),
            Doubles.Nullable(0.3), Doubles.Nullable(0.3), Doubles.Nullable(0.3), Doubles.Nullable(0.3))
        .SelectMany(
            (seq, at, hr, rr, cadence, speed, stride, distance) => Gen.Select(
                Gen.Int.Nullable(0.3), Doubles.Nullable(0.3), Doubles.Nullable(0.3), Doubles.Nullable(0.3), Gen.Bool.Nullable(0.3),
                Gen.Int.Nullable(0.3), Gen.Bool)
            .Select((power, gct, vo, balance, contact, battery, backfilled) => new MetricSample
            {
                Seq = seq,
                ObservedAt = at,
                HeartRateBpm = hr,
                RrIntervalsMs = rr,
                CadenceSpm = cadence,
                SpeedMps = speed,
                StrideLengthM = stride,
                DistanceM = distance,
                PowerW = power,
                GroundContactMs = gct,
                VerticalOscillationCm = vo,
                GctBalanceLeftPct = balance,
                SensorContact = contact,
                BatteryPct = battery,
                Backfilled = backfilled,
            }));

    [Fact]
    public void TryParseRow_ExportFormattedRandomSamples_RoundTrip()
    {
        Gen.Select(Texts, Gen.String.AlphaNumeric.Where(s => s.Length > 0), Texts, Samples).Sample((sessionId, runnerId, name, sample) =>
        {
            var line = FormatLikeExport(sessionId, runnerId, name, sample);

            var ok = SessionCsv.TryParseRow(line, out SessionCsvRow row, out string error);

            Assert.True(ok, error);
            Assert.Equal((sessionId, runnerId, name), (row.SessionId, row.RunnerId, row.RunnerName));
            Assert.Equal(sample with { RrIntervalsMs = null }, row.Sample with { RrIntervalsMs = null });
            Assert.Equal(sample.RrIntervalsMs, row.Sample.RrIntervalsMs);
        }, iter: 5_000);
    }

    [Fact]
    public void TryParseRow_QuotedNameWithDoubledQuotes_ReadsEveryCell()
    {
        var ok = SessionCsv.TryParseRow(GoodRow, out SessionCsvRow row, out string error);

        Assert.True(ok, error);
        Assert.Equal("Ana, \"the fast\"", row.RunnerName);
        Assert.Equal(7, row.Sample.Seq);
        Assert.Equal(DateTimeOffset.Parse("2026-11-25T18:00:00.250Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), row.Sample.ObservedAt);
        Assert.Equal([400, 410.5], row.Sample.RrIntervalsMs!);
        Assert.Equal(50.1, row.Sample.GctBalanceLeftPct);
        Assert.True(row.Sample.SensorContact);
        Assert.Equal(88, row.Sample.BatteryPct);
    }

    [Fact]
    public void TryParseRow_EmptyCells_AreNull()
    {
        var ok = SessionCsv.TryParseRow("s1,r-b,,1,2026-11-25T18:00:00.500Z,,,,,,,,,,,,,", out SessionCsvRow row, out string error);

        Assert.True(ok, error);
        Assert.Equal("", row.RunnerName);
        Assert.Equal(new MetricSample { Seq = 1, ObservedAt = row.Sample.ObservedAt }, row.Sample);
    }

    [Fact]
    public void TryParseRow_UnixMillisecondsAndTrailingCarriageReturn_Accepted()
    {
        var ok = SessionCsv.TryParseRow("s1,r-b,Ben,1,1764093600000,,,,,,,,,,,,,true\r", out SessionCsvRow row, out string error);

        Assert.True(ok, error);
        Assert.Equal(1_764_093_600_000, row.Sample.ObservedAt);
        Assert.True(row.Sample.Backfilled);
    }

    [Theory]
    [InlineData("s1,r-a,Ana,1,2026-11-25T18:00:00.000Z,150", SessionCsvErrorKind.FieldCount, null, "6 fields, expected 18")]
    [InlineData("s1,r-a,Ana,1,2026-11-25T18:00:00.000Z,,,,,,,,,,,,,,", SessionCsvErrorKind.FieldCount, null, "19 fields, expected 18")]
    [InlineData("s1,r-a,\"Ana,1,2026-11-25T18:00:00.000Z,,,,,,,,,,,,,", SessionCsvErrorKind.UnterminatedQuote, null, "unterminated")]
    [InlineData("s1,r-a,\"Ana\"x,1,2026-11-25T18:00:00.000Z,,,,,,,,,,,,,", SessionCsvErrorKind.TextAfterClosingQuote, null, "closing quote")]
    [InlineData("s1,,Ana,1,2026-11-25T18:00:00.000Z,,,,,,,,,,,,,", SessionCsvErrorKind.EmptyValue, "runnerId", "runnerId is empty")]
    [InlineData("s1,r-a,Ana,0,2026-11-25T18:00:00.000Z,,,,,,,,,,,,,", SessionCsvErrorKind.BadValue, "seq", "seq '0' is not a positive integer")]
    [InlineData("s1,r-a,Ana,x,2026-11-25T18:00:00.000Z,,,,,,,,,,,,,", SessionCsvErrorKind.BadValue, "seq", "seq 'x' is not a positive integer")]
    [InlineData("s1,r-a,Ana,1,not-a-time,,,,,,,,,,,,,", SessionCsvErrorKind.BadValue, "observedAt", "observedAt 'not-a-time'")]
    [InlineData("s1,r-a,Ana,1,2026-11-25T18:00:00.000Z,1.5,,,,,,,,,,,,", SessionCsvErrorKind.BadValue, "heartRateBpm", "heartRateBpm '1.5' is not an integer")]
    [InlineData("s1,r-a,Ana,1,2026-11-25T18:00:00.000Z,,400 x,,,,,,,,,,,", SessionCsvErrorKind.BadValue, "rrIntervalsMs", "rrIntervalsMs '400 x'")]
    [InlineData("s1,r-a,Ana,1,2026-11-25T18:00:00.000Z,,,NaN,,,,,,,,,,", SessionCsvErrorKind.BadValue, "cadenceSpm", "cadenceSpm 'NaN' is not a finite number")]
    [InlineData("s1,r-a,Ana,1,2026-11-25T18:00:00.000Z,,,,,,,,,,1e999,,,", SessionCsvErrorKind.BadValue, "gctBalanceLeftPct", "gctBalanceLeftPct '1e999'")]
    [InlineData("s1,r-a,Ana,1,2026-11-25T18:00:00.000Z,,,,,,,,,,,yes,,", SessionCsvErrorKind.BadValue, "sensorContact", "sensorContact 'yes' is not true or false")]
    [InlineData("s1,r-a,Ana,1,2026-11-25T18:00:00.000Z,,,,,,,,,,,,99999999999,", SessionCsvErrorKind.BadValue, "batteryPct", "batteryPct '99999999999'")]
    [InlineData("s1,r-a,Ana,1,2026-11-25T18:00:00.000Z,,,,,,,,,,,,,maybe", SessionCsvErrorKind.BadValue, "backfilled", "backfilled 'maybe'")]
    public void TryParseRow_BadInput_TypedErrorNamesTheColumn(string line, SessionCsvErrorKind kind, string? column, string message)
    {
        var ok = SessionCsv.TryParseRow(line, out SessionCsvRow _, out SessionCsvError error);

        Assert.False(ok);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrySplit_MoreFieldsThanRoom_CountsThemAll()
    {
        Span<CsvField> fields = stackalloc CsvField[2];

        var ok = SessionCsv.TrySplit("a,\"b,\"\"c\"\"\",,d", fields, out var count, out _);

        Assert.True(ok);
        Assert.Equal(4, count);
        Assert.Equal("b,\"c\"", SessionCsv.GetString("a,\"b,\"\"c\"\"\",,d", fields[1]));
    }

    [Theory]
    [InlineData(SessionCsv.Header, true)]
    [InlineData("\uFEFF" + SessionCsv.Header + "\r", true)]
    [InlineData("sessionId,runnerId", false)]
    public void IsHeader_Line_RecognisesTheExportHeader(string line, bool expected)
    {
        var actual = SessionCsv.IsHeader(line);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Columns_Header_EighteenNamedColumns()
    {
        var columns = SessionCsv.Columns;

        Assert.Equal(SessionCsv.ColumnCount, columns.Count);
        Assert.Equal(["sessionId", "runnerId", "runnerName"], columns.Take(3));
        Assert.Equal("backfilled", columns[^1]);
    }

    /// <summary>The hub export's cell formats, written independently of the product code on purpose.</summary>
    private static string FormatLikeExport(string sessionId, string runnerId, string name, MetricSample s)
    {
        static string Q(string v) =>
            v.Contains(',', StringComparison.Ordinal) || v.Contains('"', StringComparison.Ordinal) || v.Contains('\r', StringComparison.Ordinal) || v.Contains('\n', StringComparison.Ordinal)
                ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : v;
        static string D(double? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
        static string I(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
        static string B(bool? v) => v switch { null => "", true => "true", false => "false" };

        var at = DateTimeOffset.FromUnixTimeMilliseconds(s.ObservedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var rr = s.RrIntervalsMs is null ? "" : string.Join(' ', s.RrIntervalsMs.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        return string.Join(',',
            Q(sessionId), Q(runnerId), Q(name), I(s.Seq), at, I(s.HeartRateBpm), rr, D(s.CadenceSpm), D(s.SpeedMps), D(s.StrideLengthM),
            D(s.DistanceM), I(s.PowerW), D(s.GroundContactMs), D(s.VerticalOscillationCm), D(s.GctBalanceLeftPct), B(s.SensorContact),
            I(s.BatteryPct), B(s.Backfilled));
    }
}
