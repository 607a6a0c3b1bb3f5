using System.Globalization;
using System.Text;
using CsCheck;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Tests.Export;

/// <summary>A runner of a generated recording: its id, name and samples.</summary>
internal sealed record ExportRunner(string RunnerId, string Name, MetricSample[] Samples);

/// <summary>Generated recordings and the export they must give, from the samples alone (for both databases' tests).</summary>
internal static class CsvExportModel
{
    // Ids whose UTF-8 byte order (SQLite's BINARY collation) differs from .NET's UTF-16 ordinal order, plus CSV specials.
    private static readonly string[] RunnerIds = ["r-0a", "r-0b", "r-A", "r-a", "r-é", "r-\uFF21", "r-\U0001F600", "r-a,b", "r-\"q\"", "r-0a0"];

    private static readonly Gen<double> Values = Gen.OneOf<double>(
        Gen.Double[-1e6, 1e6].Select(v => v == 0 ? 0 : v),
        Gen.Int[-400, 400].Select(v => (double)v),
        Gen.OneOf(178, 4.2, 1.41, 0.1 + 0.2, 1e-7, 1.5e21, 123456789012345.6, 3.1500000000000004, double.Epsilon, double.MaxValue));

    private static readonly Gen<MetricSample> SampleValues =
        Gen.Select(Gen.Int[0, 250].Nullable(), Gen.OneOf(Gen.Const((double[]?)null), Values.Array[0, 3].Select(a => (double[]?)a)), Values.Nullable(), Values.Nullable(), Values.Nullable(),
                Values.Nullable(), Gen.Int[0, 2000].Nullable(), Values.Nullable())
            .Select(Gen.Select(Values.Nullable(), Values.Nullable(), Gen.Bool.Nullable(), Gen.Int[0, 100].Nullable(), Gen.Bool), (a, b) => new MetricSample
            {
                HeartRateBpm = a.Item1, RrIntervalsMs = a.Item2, CadenceSpm = a.Item3, SpeedMps = a.Item4, StrideLengthM = a.Item5,
                DistanceM = a.Item6, PowerW = a.Item7, GroundContactMs = a.Item8, VerticalOscillationCm = b.Item1,
                GctBalanceLeftPct = b.Item2, SensorContact = b.Item3, BatteryPct = b.Item4, Backfilled = b.Item5,
            });

    /// <summary>
    /// One runner's name and 0-30 samples: seqs with gaps, observedAt (from 0) on a 250 ms grid (ties within and across
    /// runners); the clock either never goes back or jumps both ways.
    /// </summary>
    private static readonly Gen<(string Name, MetricSample[] Samples)> RunnerBodies =
        Gen.Select(Gen.Bool, Gen.Select(Gen.Int[1, 3], Gen.Int[-3, 3], SampleValues).Array[0, 30], Gen.OneOf("Ana", "Ben, \"B\"", "Émile"))
            .Select((clockGoesBack, steps, name) =>
            {
                var samples = new MetricSample[steps.Length];
                long seq = 0, at = 0;
                for (var i = 0; i < steps.Length; i++)
                {
                    var (seqStep, timeStep, values) = steps[i];
                    seq += seqStep;
                    at += 250L * (clockGoesBack ? timeStep : Math.Abs(timeStep) / 2);
                    samples[i] = values with { Seq = seq, ObservedAt = at };
                }

                return (name, samples);
            });

    /// <summary>A recording of 1-6 runners starting together: mid-afternoon, a second before midnight UTC, or before 1970.</summary>
    public static readonly Gen<ExportRunner[]> Recordings =
        Gen.Select(Gen.Shuffle(RunnerIds, 1, 6), RunnerBodies.Array[6], Gen.OneOf(1_764_000_000_000L, 1_764_028_799_000L, -1_000L), (ids, bodies, start) =>
            ids.Select((id, i) => new ExportRunner(id, bodies[i].Name, bodies[i].Samples.Select(s => s with { ObservedAt = start + s.ObservedAt }).ToArray())).ToArray());

    /// <summary>The export as the hub writes it, in its documented format, from the samples alone.</summary>
    public static string Model(string sessionId, ExportRunner[] runners)
    {
        var sb = new StringBuilder(SessionCsv.Header).Append("\r\n");
        foreach (var (runner, s) in runners.SelectMany(r => r.Samples.Select(s => (r, s)))
                     .OrderBy(x => x.s.ObservedAt).ThenBy(x => x.r.RunnerId, Utf8Order.Instance).ThenBy(x => x.s.Seq))
        {
            var cells = new[]
            {
                SessionCsv.Quote(sessionId), SessionCsv.Quote(runner.RunnerId), SessionCsv.Quote(runner.Name), Invariant(s.Seq),
                DateTimeOffset.FromUnixTimeMilliseconds(s.ObservedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                Invariant(s.HeartRateBpm), s.RrIntervalsMs is { Length: > 0 } rr ? string.Join(' ', rr.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) : "",
                Invariant(s.CadenceSpm), Invariant(s.SpeedMps), Invariant(s.StrideLengthM), Invariant(s.DistanceM), Invariant(s.PowerW),
                Invariant(s.GroundContactMs), Invariant(s.VerticalOscillationCm), Invariant(s.GctBalanceLeftPct),
                s.SensorContact is { } c ? (c ? "true" : "false") : "", Invariant(s.BatteryPct), s.Backfilled ? "true" : "false",
            };
            sb.AppendJoin(',', cells).Append("\r\n");
        }

        return sb.ToString();
    }

    private static string Invariant<T>(T? value)
        where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    private static string Invariant<T>(T value)
        where T : struct, IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    public static string Print(ExportRunner[] runners) =>
        string.Join("; ", runners.Select(r => $"{r.RunnerId}: " + string.Join(" ", r.Samples.Select(s => $"{s.Seq}@{s.ObservedAt}"))));

    /// <summary>SQLite's BINARY collation: UTF-8 bytes compared as unsigned bytes.</summary>
    internal sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y) => Encoding.UTF8.GetBytes(x!).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y!));
    }

}
