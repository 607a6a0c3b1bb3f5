using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Ingest;

namespace MindMuscle.Live.Hub.Tests.Ingest;

public sealed class SampleValidatorTests
{
    private const long Now = 1_764_100_000_000;

    [Fact]
    public void Validate_PlausibleBatch_Accepted()
    {
        var batch = Batch(new MetricSample { Seq = 1, ObservedAt = Now, HeartRateBpm = 150, RrIntervalsMs = [400], CadenceSpm = 180, BatteryPct = 90 });

        var rejection = Validate(batch);

        Assert.Null(rejection);
    }

    [Theory]
    [InlineData(double.NaN, "notFinite")]
    [InlineData(double.PositiveInfinity, "notFinite")]
    [InlineData(-1, "outOfRange")]
    [InlineData(16, "outOfRange")]
    public void Validate_BadSpeed_RejectedWithReasonFieldAndSeq(double speed, string reason)
    {
        var batch = Batch(new MetricSample { Seq = 5, ObservedAt = Now }, new MetricSample { Seq = 6, ObservedAt = Now, SpeedMps = speed });

        var rejection = Validate(batch);

        Assert.Equal(reason, rejection?.Reason);
        Assert.Equal("samples[1].speedMps", rejection?.Field);
        Assert.Equal(6, rejection?.Seq);
    }

    [Fact]
    public void Validate_NullSamplesOrTooMany_Rejected()
    {
        var tooMany = Batch([.. Enumerable.Range(1, 11).Select(i => new MetricSample { Seq = i, ObservedAt = Now })]);

        Assert.Equal("missingSamples", Validate(new SampleBatch { Samples = null! })?.Reason);
        Assert.Equal("batchTooLarge", Validate(tooMany)?.Reason);
    }

    [Fact]
    public void Validate_ObservedAtFarInFuture_Rejected()
    {
        var rejection = Validate(Batch(new MetricSample { Seq = 1, ObservedAt = Now + 600_000 }));

        Assert.Equal("samples[0].observedAt", rejection?.Field);
    }

    [Fact]
    public void Validate_TooManyRrIntervals_Rejected()
    {
        var rejection = Validate(Batch(new MetricSample { Seq = 1, ObservedAt = Now, RrIntervalsMs = [.. Enumerable.Repeat(400.0, 33)] }));

        Assert.Equal("samples[0].rrIntervalsMs", rejection?.Field);
    }

    private static SampleBatch Batch(params MetricSample[] samples) => new() { Samples = samples };

    private static BatchRejection? Validate(SampleBatch batch) =>
        SampleValidator.Validate(batch, maxSamples: 10, Now, maxAgeMs: 86_400_000, maxFutureMs: 300_000);
}
