using CsCheck;
using MindMuscle.Live.Core.Fit;
using static MindMuscle.Live.Core.Tests.Fit.FitTestData;

namespace MindMuscle.Live.Core.Tests.Fit;

/// <summary>Writer → reader: every record, lap and session comes back as written, to each field's FIT resolution.</summary>
public sealed class FitRoundTripTests
{
    [Fact]
    public void Read_WrittenRecords_ComeBackToFitResolution()
    {
        Records.Sample(records =>
        {
            var written = FitActivityWriter.Write(new FitActivity { Records = records });

            Assert.True(FitReader.TryRead(written, out var read, out var error), error.Message);
            Assert.Equal(records.Length, read.Records.Count);
            for (var i = 0; i < records.Length; i++)
            {
                AssertSameRecord(Quantized(records[i]), read.Records[i]);
            }
        }, iter: 300);
    }

    [Fact]
    public void Read_BuiltActivity_ComesBackWithLapsSessionAndDevice()
    {
        FitTestData.Samples.Sample(samples =>
        {
            var builder = new FitActivityBuilder();
            foreach (var s in samples)
            {
                builder.Add(s);
            }

            var activity = builder.Build()!;
            var written = FitActivityWriter.Write(activity);

            Assert.True(FitReader.TryRead(written, out var read, out var error), error.Message);
            Assert.Equal(activity.Records.Count, read.Records.Count);
            for (var i = 0; i < activity.Records.Count; i++)
            {
                AssertSameRecord(Quantized(activity.Records[i]), read.Records[i]);
            }

            Assert.Equal(activity.Laps.Count, read.Laps.Count);
            for (var i = 0; i < activity.Laps.Count; i++)
            {
                AssertSameTotals(activity.Laps[i].Totals, read.Laps[i].Totals);
                Assert.Equal(activity.Laps[i].Intensity, read.Laps[i].Intensity);
                Assert.Equal(activity.Laps[i].Trigger, read.Laps[i].Trigger);
            }

            var session = Assert.Single(read.Sessions);
            AssertSameTotals(activity.Sessions[0].Totals, session.Totals);
            Assert.True(session.IsRunning);
            Assert.Equal(activity.Laps.Count, session.NumLaps);
            Assert.Equal(4, read.FileId.Type);
            Assert.Equal("MindMuscle.Live", read.FileId.ProductName);
            Assert.Equal("MindMuscle.Live", Assert.Single(read.Devices).ProductName);
            Assert.Equal([0, 4], read.Events.Select(e => e.EventType ?? -1));
        }, iter: 200);
    }

    private static void AssertSameTotals(FitTotals expected, FitTotals actual)
    {
        Assert.Equal(expected.StartedAt, actual.StartedAt);
        AssertClose(expected.ElapsedS, actual.ElapsedS, "elapsed", 0.0005);
        AssertClose(Round(expected.DistanceM, 100), actual.DistanceM, "distance");
        AssertClose(Round(expected.AvgSpeedMps, 1000), actual.AvgSpeedMps, "avgSpeed");
        AssertClose(Round(expected.MaxSpeedMps, 1000), actual.MaxSpeedMps, "maxSpeed");
        Assert.Equal(expected.AvgHeartRateBpm, actual.AvgHeartRateBpm);
        Assert.Equal(expected.MaxHeartRateBpm, actual.MaxHeartRateBpm);
        AssertClose(Round(expected.AvgCadenceSpm / 2, 128) * 2, actual.AvgCadenceSpm, "avgCadence");
        AssertClose(Round(expected.MaxCadenceSpm / 2, 128) * 2, actual.MaxCadenceSpm, "maxCadence");
        Assert.Equal(expected.AvgPowerW, actual.AvgPowerW);
        Assert.Equal(expected.MaxPowerW, actual.MaxPowerW);
        AssertClose(Round(expected.AvgGroundContactMs, 10), actual.AvgGroundContactMs, "avgGct");
        AssertClose(Round(expected.AvgGctBalanceLeftPct, 100), actual.AvgGctBalanceLeftPct, "avgBalance");
        AssertClose(Round(expected.AvgVerticalOscillationCm * 10, 10) / 10, actual.AvgVerticalOscillationCm, "avgVo");
        AssertClose(Round(expected.AvgStrideLengthM * 1000, 10) / 1000, actual.AvgStrideLengthM, "avgStride");
    }
}
