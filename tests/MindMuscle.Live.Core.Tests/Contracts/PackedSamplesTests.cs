using CsCheck;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Tests.Contracts;

public sealed class PackedSamplesTests
{
    private static readonly Gen<double?> OptionalDouble =
        Gen.Frequency((1, Gen.Const((double?)null)), (1, Gen.OneOf<double?>(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MinValue, double.MaxValue, double.Epsilon, -0.0)), (4, Gen.Double.Select(d => (double?)d)));

    private static readonly Gen<int?> OptionalInt =
        Gen.Frequency((1, Gen.Const((int?)null)), (1, Gen.OneOf<int?>(int.MinValue, int.MaxValue, 0)), (4, Gen.Int.Select(i => (int?)i)));

    private static readonly Gen<MetricSample> Sample =
        Gen.Select(Gen.Long, Gen.Long, OptionalInt, Gen.Double.Array[0, 5].Null(0.5), OptionalDouble, OptionalDouble, OptionalDouble, OptionalDouble)
            .SelectMany(a => Gen.Select(OptionalInt, OptionalDouble, OptionalDouble, OptionalDouble, Gen.Frequency((1, Gen.Const((bool?)null)), (2, Gen.Bool.Select(b => (bool?)b))), OptionalInt, Gen.Bool)
                .Select(b => new MetricSample
                {
                    Seq = a.Item1,
                    ObservedAt = a.Item2,
                    HeartRateBpm = a.Item3,
                    RrIntervalsMs = a.Item4,
                    CadenceSpm = a.Item5,
                    SpeedMps = a.Item6,
                    StrideLengthM = a.Item7,
                    DistanceM = a.Item8,
                    PowerW = b.Item1,
                    GroundContactMs = b.Item2,
                    VerticalOscillationCm = b.Item3,
                    GctBalanceLeftPct = b.Item4,
                    SensorContact = b.Item5,
                    BatteryPct = b.Item6,
                    Backfilled = b.Item7,
                }));

    private static readonly Gen<SamplesFrame> Frame =
        Gen.Select(Gen.String, Gen.Int, Gen.Select(Gen.String, Sample.Array[0, 6]).Array[0, 5])
            .Select((sessionId, dropped, runners) => new SamplesFrame
            {
                SessionId = sessionId,
                Dropped = dropped,
                Runners = [.. runners.Select(r => new RunnerSamples { RunnerId = r.Item1, Samples = r.Item2 })],
            });

    [Fact]
    public void Read_AnyWrittenFrame_GivesEveryFieldBack()
    {
        Frame.Sample(frame =>
        {
            var back = PackedSamples.Read(PackedSamples.Write(frame));

            AssertSame(frame, back);
        }, iter: 2_000);
    }

    [Fact]
    public void Write_SampleWithAllFields_IsSmallerThanItsNumbersAsText()
    {
        var frame = OneRunner(Full(7));

        var bytes = PackedSamples.Write(frame);

        var text = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(frame, System.Text.Json.JsonSerializerOptions.Web);

        // version, session "s1", dropped, runner count, runner "r1", count, seq, time, mask, hr, 2 rr, 7 doubles, power, battery
        Assert.Equal(1 + 4 + 4 + 2 + 4 + 4 + 8 + 8 + 2 + 4 + 2 + 16 + 56 + 4 + 4, bytes.Length);
        Assert.Equal(PackedSamples.Version, bytes[0]);
        Assert.True(bytes.Length < text.Length, $"packed {bytes.Length} bytes, as JSON text {text.Length}");
    }

    [Fact]
    public void Read_EveryTruncation_ThrowsTruncatedOrMalformed()
    {
        var bytes = PackedSamples.Write(OneRunner(Full(1), Full(2), new MetricSample { Seq = 3 }));

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<PackedSamplesException>(() => PackedSamples.Read(bytes.AsSpan(0, length)));
            Assert.True(error.Error is PackedSamplesError.Truncated or PackedSamplesError.Malformed, $"length {length}: {error.Error}");
        }
    }

    [Fact]
    public void Read_OtherVersion_ThrowsUnknownVersionSayingWhatToDo()
    {
        var bytes = PackedSamples.Write(OneRunner(Full(1)));
        bytes[0] = PackedSamples.Version + 1;

        var error = Assert.Throws<PackedSamplesException>(() => PackedSamples.Read(bytes));

        Assert.Equal(PackedSamplesError.UnknownVersion, error.Error);
        Assert.Contains("reload", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrailingBytes_ThrowsMalformed()
    {
        var bytes = PackedSamples.Write(OneRunner(Full(1)));

        var error = Assert.Throws<PackedSamplesException>(() => PackedSamples.Read([.. bytes, 0]));

        Assert.Equal(PackedSamplesError.Malformed, error.Error);
    }

    [Fact]
    public void Read_UnknownFieldBits_ThrowsMalformed()
    {
        var bytes = PackedSamples.Write(OneRunner(new MetricSample { Seq = 1 }));
        bytes[^1] = 0x80; // the mask's high byte: bit 15 is no field

        var error = Assert.Throws<PackedSamplesException>(() => PackedSamples.Read(bytes));

        Assert.Equal(PackedSamplesError.Malformed, error.Error);
    }

    [Fact]
    public void Read_HugeRrCount_ThrowsMalformedWithoutAllocatingIt()
    {
        var bytes = PackedSamples.Write(OneRunner(new MetricSample { Seq = 1, RrIntervalsMs = [400] }));
        bytes.AsSpan(bytes.Length - 10, 2).Fill(0xff); // the sample's RR count: 65,535 intervals in 8 bytes
        Assert.Throws<PackedSamplesException>(() => PackedSamples.Read(bytes)); // warm up: first-call costs are not the array

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<PackedSamplesException>(() => PackedSamples.Read(bytes));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(PackedSamplesError.Malformed, error.Error);
        Assert.True(allocated < 65_535 * 8, $"{allocated} bytes allocated for a block of {bytes.Length}");
    }

    [Fact]
    public void Read_HugeSampleCount_ThrowsMalformedWithoutAllocatingIt()
    {
        var bytes = PackedSamples.Write(OneRunner());
        bytes.AsSpan(^4).Fill(0x7f); // the runner's sample count: ~2 billion

        var error = Assert.Throws<PackedSamplesException>(() => PackedSamples.Read(bytes));

        Assert.Equal(PackedSamplesError.Malformed, error.Error);
    }

    [Fact]
    public void Read_RandomBytes_ThrowsOnlyPackedSamplesException()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            try
            {
                PackedSamples.Read(bytes);
            }
            catch (PackedSamplesException)
            {
                // The typed error is the only way a block may be refused.
            }
        }, iter: 5_000);
    }

    private static SamplesFrame OneRunner(params MetricSample[] samples) =>
        new() { SessionId = "s1", Runners = [new RunnerSamples { RunnerId = "r1", Samples = samples }] };

    private static MetricSample Full(long seq) => new()
    {
        Seq = seq, ObservedAt = 1_700_000_000_000 + seq, HeartRateBpm = 150, RrIntervalsMs = [400, 401.5], CadenceSpm = 180, SpeedMps = 4.2,
        StrideLengthM = 1.3, DistanceM = 1000, PowerW = 300, GroundContactMs = 240, VerticalOscillationCm = 8.5, GctBalanceLeftPct = 50.2,
        SensorContact = true, BatteryPct = 90, Backfilled = true,
    };

    private static void AssertSame(SamplesFrame expected, SamplesFrame actual)
    {
        Assert.Equal(expected.SessionId, actual.SessionId);
        Assert.Equal(expected.Dropped, actual.Dropped);
        Assert.Equal(expected.Runners.Length, actual.Runners.Length);
        for (var r = 0; r < expected.Runners.Length; r++)
        {
            Assert.Equal(expected.Runners[r].RunnerId, actual.Runners[r].RunnerId);
            Assert.Equal(expected.Runners[r].Samples.Length, actual.Runners[r].Samples.Length);
            for (var s = 0; s < expected.Runners[r].Samples.Length; s++)
            {
                var want = expected.Runners[r].Samples[s];
                var got = actual.Runners[r].Samples[s];

                // Records compare doubles with Equals (NaN equals NaN); arrays by content here, bits for -0.0.
                Assert.Equal(want with { RrIntervalsMs = null }, got with { RrIntervalsMs = null });
                Assert.Equal(want.RrIntervalsMs, got.RrIntervalsMs);
                Assert.Equal(Bits(want), Bits(got));
            }
        }
    }

    private static long[] Bits(MetricSample s) =>
        [.. new[] { s.CadenceSpm, s.SpeedMps, s.StrideLengthM, s.DistanceM, s.GroundContactMs, s.VerticalOscillationCm, s.GctBalanceLeftPct }
            .Select(d => d is { } v ? BitConverter.DoubleToInt64Bits(v) : 0L)];
}
