using System.Diagnostics;
using System.Globalization;
using CsCheck;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Faults.Tests.Support;
using MindMuscle.Live.Hub.Ingest;

namespace MindMuscle.Live.Faults.Tests.Ingest;

/// <summary>
/// Property-based fuzzing of the hub's batch validation (<see cref="SampleValidator"/>): 100,000 generated batches,
/// about 1,250,000 samples (10× with MML_LONG_TESTS=1), half clean and half carrying NaN, infinities, negatives, huge
/// values, seq 0/negative/huge/repeated/out of order, far-past and far-future observedAt, null entries, plus null,
/// empty and oversize batches. Each batch must be accepted with every value finite and in range, or rejected with a
/// reason, a message, and the path of the first offending field, exactly where an independent restatement of the
/// rules (<see cref="ExpectedRejection"/>) finds it.
/// </summary>
public sealed class SampleValidatorPropertyFuzzTests
{
    private const int MaxSamples = 500;
    private const long Now = 1_764_000_000_000;
    private static readonly long MaxAgeMs = (long)TimeSpan.FromDays(2).TotalMilliseconds;
    private static readonly long MaxFutureMs = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;
    private static readonly long Batches = LongTests.Enabled ? 1_000_000 : 100_000;

    [Fact]
    public void Validate_GeneratedBatches_AcceptedInRangeOrRejectedNamingTheField()
    {
        long samples = 0, accepted = 0, rejected = 0;
        var reasons = new Dictionary<string, long>();
        var clock = Stopwatch.StartNew();

        Batch.Sample(
            batch =>
            {
                var rejection = SampleValidator.Validate(batch, MaxSamples, Now, MaxAgeMs, MaxFutureMs);
                var expected = ExpectedRejection(batch);

                Interlocked.Add(ref samples, batch?.Samples?.Length ?? 0);
                if (rejection is null)
                {
                    Assert.True(expected is null, $"accepted a batch that is bad at {expected}");
                    Interlocked.Increment(ref accepted);
                    return;
                }

                Assert.False(string.IsNullOrWhiteSpace(rejection.Reason));
                Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
                Assert.Equal(expected, rejection.Field);
                Assert.Contains(rejection.Field, rejection.Message, StringComparison.Ordinal);
                Interlocked.Increment(ref rejected);
                lock (reasons)
                {
                    reasons[rejection.Reason] = reasons.GetValueOrDefault(rejection.Reason) + 1;
                }
            },
            iter: Batches);
        clock.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Batches:N0} batches, {samples:N0} samples in {clock.Elapsed.TotalSeconds:F1} s: {accepted:N0} accepted, {rejected:N0} rejected ({string.Join(", ", reasons.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value:N0}"))})"));
        Assert.True(samples >= Batches * 10, $"only {samples} samples generated");
        Assert.True(accepted > Batches / 5 && rejected > Batches / 5, $"accepted {accepted}, rejected {rejected}: the generator lost its balance");
        Assert.Superset(
            new HashSet<string> { "missingSamples", "batchTooLarge", "nullSample", "seq", "seqOrder", "observedAt", "notFinite", "outOfRange" },
            reasons.Keys.ToHashSet());
    }

    // ---- the oracle: the validation rules restated independently, over the shared range table ----

    private static readonly (PlausibleRange Range, Func<MetricSample, double?> Get)[] Ranges =
    [
        (PlausibleRanges.HeartRateBpm, s => s.HeartRateBpm),
        (PlausibleRanges.CadenceSpm, s => s.CadenceSpm),
        (PlausibleRanges.SpeedMps, s => s.SpeedMps),
        (PlausibleRanges.StrideLengthM, s => s.StrideLengthM),
        (PlausibleRanges.DistanceM, s => s.DistanceM),
        (PlausibleRanges.PowerW, s => s.PowerW),
        (PlausibleRanges.GroundContactMs, s => s.GroundContactMs),
        (PlausibleRanges.VerticalOscillationCm, s => s.VerticalOscillationCm),
        (PlausibleRanges.GctBalanceLeftPct, s => s.GctBalanceLeftPct),
        (PlausibleRanges.BatteryPct, s => s.BatteryPct),
    ];

    private static PlausibleRange Rr => PlausibleRanges.RrIntervalMs;

    /// <summary>The field path of the first rule the batch breaks, or null when it is fine.</summary>
    private static string? ExpectedRejection(SampleBatch? batch)
    {
        if (batch?.Samples is null)
        {
            return "samples";
        }

        if (batch.Samples.Length > MaxSamples)
        {
            return "samples";
        }

        var previous = 0L;
        for (var i = 0; i < batch.Samples.Length; i++)
        {
            var s = batch.Samples[i];
            string At(string? field = null) => field is null ? $"samples[{i}]" : $"samples[{i}].{field}";
            if (s is null)
            {
                return At();
            }

            if (s.Seq <= 0 || s.Seq <= previous)
            {
                return At("seq");
            }

            previous = s.Seq;
            if (s.ObservedAt < Now - MaxAgeMs || s.ObservedAt > Now + MaxFutureMs)
            {
                return At("observedAt");
            }

            foreach (var (range, get) in Ranges)
            {
                if (get(s) is { } v && !(double.IsFinite(v) && v >= range.Min && v <= range.Max))
                {
                    return At(range.Field);
                }
            }

            if (s.RrIntervalsMs is { } rr)
            {
                if (rr.Length > SampleValidator.MaxRrIntervals)
                {
                    return At("rrIntervalsMs");
                }

                for (var j = 0; j < rr.Length; j++)
                {
                    if (!(double.IsFinite(rr[j]) && rr[j] >= Rr.Min && rr[j] <= Rr.Max))
                    {
                        return At($"rrIntervalsMs[{j}]");
                    }
                }
            }
        }

        return null;
    }

    // ---- generators ----

    /// <summary>Null, or a value in range; with <paramref name="hostile"/> also NaN, ±∞, negative, huge, just outside a bound.</summary>
    private static Gen<double?> Value(double min, double max, bool hostile) => hostile
        ? Gen.Frequency(
            (1, Value(min, max, hostile: false)),
            (1, Gen.OneOf<double?>(
                double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, -double.Epsilon, min, max,
                max + 1e-9, min - 1e-9, 1e308, double.MaxValue, double.MinValue, -0.0)))
        : Gen.Frequency(
            (1, Gen.Const((double?)null)),
            (2, Gen.Double[min, max].Select(v => (double?)v)));

    private static Gen<int?> IntValue(int min, int max, bool hostile) => hostile
        ? Gen.Frequency(
            (1, IntValue(min, max, hostile: false)),
            (1, Gen.OneOf<int?>(int.MinValue, int.MaxValue, -1, 0, min - 1, max + 1)))
        : Gen.Frequency(
            (1, Gen.Const((int?)null)),
            (2, Gen.Int[min, max].Select(v => (int?)v)));

    private static Gen<double[]?> RrIntervals(bool hostile) => hostile
        ? Gen.Frequency(
            (1, RrIntervals(hostile: false)),
            (1, Value(Rr.Min, Rr.Max, hostile: true).Select(v => v ?? 800).Array[0, 40].Select(a => (double[]?)a)))
        : Gen.Frequency(
            (1, Gen.Const((double[]?)null)),
            (1, Gen.Double[300, 2000].Array[1, 8].Select(a => (double[]?)a)));

    private static Gen<long> ObservedOffset(bool hostile) => hostile
        ? Gen.Frequency(
            (1, ObservedOffset(hostile: false)),
            (1, Gen.OneOf(MaxFutureMs, MaxFutureMs + 1, -MaxAgeMs, -MaxAgeMs - 1, long.MaxValue / 2, long.MinValue / 2,
                (long)TimeSpan.FromDays(3650).TotalMilliseconds, -Now)))
        : Gen.Long[-60_000, 1_000];

    /// <summary>A sample; a hostile one has about half of its fields drawn from the hostile values.</summary>
    private static Gen<MetricSample> Sample(bool hostile)
    {
        // Each generator graph is built once here, not per sample: half of a hostile sample's fields are hostile.
        Gen<double?> V(PlausibleRange r) => hostile ? Gen.OneOf(Value(r.Min, r.Max, true), Value(r.Min, r.Max, false)) : Value(r.Min, r.Max, false);
        Gen<int?> I(PlausibleRange r) => hostile ? Gen.OneOf(IntValue((int)r.Min, (int)r.Max, true), IntValue((int)r.Min, (int)r.Max, false)) : IntValue((int)r.Min, (int)r.Max, false);
        return Gen.Select(
                Gen.Select(I(PlausibleRanges.HeartRateBpm), V(PlausibleRanges.CadenceSpm), V(PlausibleRanges.SpeedMps), V(PlausibleRanges.StrideLengthM), V(PlausibleRanges.DistanceM)),
                Gen.Select(I(PlausibleRanges.PowerW), V(PlausibleRanges.GroundContactMs), V(PlausibleRanges.VerticalOscillationCm), V(PlausibleRanges.GctBalanceLeftPct), I(PlausibleRanges.BatteryPct)),
                Gen.Select(
                    hostile ? Gen.OneOf(ObservedOffset(true), ObservedOffset(false)) : ObservedOffset(false),
                    hostile ? Gen.OneOf(RrIntervals(true), RrIntervals(false)) : RrIntervals(false),
                    Gen.Bool.Nullable()))
            .Select((a, b, c) => new MetricSample
            {
                HeartRateBpm = a.Item1,
                CadenceSpm = a.Item2,
                SpeedMps = a.Item3,
                StrideLengthM = a.Item4,
                DistanceM = a.Item5,
                PowerW = b.Item1,
                GroundContactMs = b.Item2,
                VerticalOscillationCm = b.Item3,
                GctBalanceLeftPct = b.Item4,
                BatteryPct = b.Item5,
                ObservedAt = unchecked(Now + c.Item1),
                RrIntervalsMs = c.Item2,
                SensorContact = c.Item3,
            });
    }

    /// <summary>How each sample's seq relates to the one before: +1, or something hostile.</summary>
    private static readonly Gen<long> HostileSeqStep = Gen.Frequency(
        (8, Gen.Const(1L)),
        (1, Gen.Long[2, 50]),
        (1, Gen.OneOf(0L, -1L, long.MinValue, long.MaxValue)));

    /// <summary>Clean batches (contiguous seqs, in-range values) half the time; else 1-3 hostile samples and seq steps.</summary>
    private static readonly Gen<SampleBatch?> Batch = Gen.Frequency(
        (500, Gen.Select(Gen.Long[1, 1_000_000], Sample(hostile: false).Array[1, 24]).Select((first, samples) =>
            (SampleBatch?)new SampleBatch { Samples = WithSeqs(samples, first, null) })),
        (500, Gen.Select(Gen.Long[1, 1_000_000], Sample(hostile: false).Array[1, 24], Sample(hostile: true).Array[1, 3], Gen.Int[0, 23].Array[3], HostileSeqStep.Array[24], Gen.Int[0, 40])
            .Select((first, samples, hostile, at, steps, hole) =>
            {
                for (var k = 0; k < hostile.Length; k++)
                {
                    samples[at[k] % samples.Length] = hostile[k];
                }

                samples = WithSeqs(samples, first, steps);
                if (hole < samples.Length)
                {
                    // A null entry, as a hostile JSON client can send.
                    samples[hole] = null!;
                }

                return (SampleBatch?)new SampleBatch { Samples = samples };
            })),
        (2, Gen.OneOf<SampleBatch?>(
            null,
            new SampleBatch { Samples = null! },
            new SampleBatch { Samples = [] },
            new SampleBatch { Samples = [.. Enumerable.Range(1, MaxSamples + 1).Select(i => new MetricSample { Seq = i, ObservedAt = Now })] })),
        (5, Gen.Long[long.MinValue, 0].Select(seq => (SampleBatch?)new SampleBatch { Samples = [new MetricSample { Seq = seq, ObservedAt = Now }] })));

    private static MetricSample[] WithSeqs(MetricSample[] samples, long first, long[]? steps)
    {
        var seq = first;
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = samples[i] with { Seq = seq };
            seq = unchecked(seq + (steps?[i] ?? 1));
        }

        return samples;
    }
}
