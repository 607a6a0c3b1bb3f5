using CsCheck;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Tests.Fit;

/// <summary>Generators of samples and records, and the FIT resolution of each field (what survives a write).</summary>
internal static class FitTestData
{
    /// <summary>2020-01-01 to 2030-01-01, whole seconds, UTC unix ms.</summary>
    public static readonly Gen<long> StartMs = Gen.Long[1_577_836_800, 1_893_456_000].Select(s => s * 1000);

    public static readonly Gen<int?> HeartRate = Opt(Gen.Int[30, 230], 0.2);
    public static readonly Gen<double?> Cadence = Opt(Gen.Double[60, 240], 0.2);
    public static readonly Gen<double?> Speed = Opt(Gen.Double[0, 9], 0.2);
    public static readonly Gen<int?> Power = Opt(Gen.Int[0, 900], 0.3);
    public static readonly Gen<double?> Gct = Opt(Gen.Double[150, 400], 0.3);
    public static readonly Gen<double?> Balance = Opt(Gen.Double[40, 60], 0.3);
    public static readonly Gen<double?> Vo = Opt(Gen.Double[4, 14], 0.3);
    public static readonly Gen<double?> Stride = Opt(Gen.Double[0.5, 2.2], 0.3);

    /// <summary>A value, or null about <paramref name="nullShare"/> of the time.</summary>
    public static Gen<T?> Opt<T>(Gen<T> gen, double nullShare)
        where T : struct =>
        Gen.Select(Gen.Double[0, 1], gen, (u, v) => u < nullShare ? (T?)null : v);

    /// <summary>Records strictly increasing in time (1-5 s apart), distance non-decreasing when present.</summary>
    public static readonly Gen<FitRecord[]> Records =
        Gen.Select(StartMs, Gen.Int[1, 400], Gen.Bool).SelectMany((start, count, withDistance) =>
            Gen.Select(Gen.Int[1, 5], HeartRate, Cadence, Speed, Power, Gct, Balance, Gen.Select(Vo, Stride, Gen.Double[0, 12]))
                .Array[count]
                .Select(rows =>
                {
                    var t = start;
                    var d = 0.0;
                    var records = new FitRecord[rows.Length];
                    for (var i = 0; i < rows.Length; i++)
                    {
                        var (step, hr, cad, speed, power, gct, balance, (vo, stride, dd)) = rows[i];
                        t += step * 1000L;
                        d += dd;
                        records[i] = new FitRecord
                        {
                            Timestamp = t,
                            HeartRateBpm = hr,
                            CadenceSpm = cad,
                            SpeedMps = speed,
                            DistanceM = withDistance ? d : null,
                            PowerW = power,
                            GroundContactMs = gct,
                            GctBalanceLeftPct = balance,
                            VerticalOscillationCm = vo,
                            StrideLengthM = stride,
                        };
                    }

                    return records;
                }));

    /// <summary>
    /// Samples as the relay sends them: a footpod, a heart-rate strap and a power pod notifying at their own rates
    /// (several readings a second, some sharing a millisecond, a few arriving with a clock a little behind).
    /// </summary>
    public static readonly Gen<MetricSample[]> Samples =
        Gen.Select(StartMs, Gen.Int[1, 600]).SelectMany((start, count) =>
            Gen.Select(Gen.Int[0, 2], Gen.Int[-50, 700], HeartRate, Cadence, Speed, Gen.Select(Power, Gct, Balance, Vo, Stride))
                .Array[count]
                .Select(rows =>
                {
                    var t = start;
                    var d = 0.0;
                    var samples = new MetricSample[rows.Length];
                    for (var i = 0; i < rows.Length; i++)
                    {
                        var (kind, step, hr, cad, speed, (power, gct, balance, vo, stride)) = rows[i];
                        t += step;
                        d += (speed ?? 0) * Math.Max(step, 0) / 1000;
                        samples[i] = kind switch
                        {
                            0 => new MetricSample { Seq = i + 1, ObservedAt = t, HeartRateBpm = hr },
                            1 => new MetricSample
                            {
                                Seq = i + 1, ObservedAt = t, CadenceSpm = cad, SpeedMps = speed, DistanceM = d, StrideLengthM = stride,
                                GroundContactMs = gct, VerticalOscillationCm = vo, GctBalanceLeftPct = balance,
                            },
                            _ => new MetricSample { Seq = i + 1, ObservedAt = t, PowerW = power },
                        };
                    }

                    return samples;
                }));

    /// <summary>The record as FIT stores it: each field rounded to its resolution (cadence per leg in 1/128).</summary>
    public static FitRecord Quantized(FitRecord r) => r with
    {
        CadenceSpm = Round(r.CadenceSpm / 2, 128) * 2,
        SpeedMps = Round(r.SpeedMps, 1000),
        DistanceM = Round(r.DistanceM, 100),
        GroundContactMs = Round(r.GroundContactMs, 10),
        GctBalanceLeftPct = Round(r.GctBalanceLeftPct, 100),
        VerticalOscillationCm = Round(r.VerticalOscillationCm * 10, 10) / 10,
        StrideLengthM = Round(r.StrideLengthM * 1000, 10) / 1000,
    };

    public static double? Round(double? value, double scale) =>
        value is { } v ? Math.Round(v * scale, MidpointRounding.AwayFromZero) / scale : null;

    public static void AssertClose(double? expected, double? actual, string field, double tolerance = 1e-9)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{field}: expected {expected?.ToString() ?? "null"}, read {actual?.ToString() ?? "null"}");
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) <= tolerance, $"{field}: expected {e}, read {a}");
        }
    }

    public static void AssertSameRecord(FitRecord expected, FitRecord actual)
    {
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.HeartRateBpm, actual.HeartRateBpm);
        Assert.Equal(expected.PowerW, actual.PowerW);
        AssertClose(expected.CadenceSpm, actual.CadenceSpm, "cadence");
        AssertClose(expected.SpeedMps, actual.SpeedMps, "speed");
        AssertClose(expected.DistanceM, actual.DistanceM, "distance");
        AssertClose(expected.GroundContactMs, actual.GroundContactMs, "groundContactMs");
        AssertClose(expected.GctBalanceLeftPct, actual.GctBalanceLeftPct, "gctBalanceLeftPct");
        AssertClose(expected.VerticalOscillationCm, actual.VerticalOscillationCm, "verticalOscillationCm");
        AssertClose(expected.StrideLengthM, actual.StrideLengthM, "strideLengthM");
    }
}
