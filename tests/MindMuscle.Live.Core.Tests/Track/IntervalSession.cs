using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Tests.Alerts;

namespace MindMuscle.Live.Core.Tests.Track;

/// <summary>One stretch of a session at a target speed; <see cref="IsRep"/> labels it as a rep (the truth tests compare to).</summary>
internal sealed record Segment(double SpeedMps, double Seconds, bool IsRep = false, double ContactFactor = 1, double WavePct = 0, double WavePeriodS = 100);

/// <summary>The truth of one rep: its bounds, the distance run between them and the noise-free 60 s heart-rate drop.</summary>
internal sealed record LabelledRep(long StartedAt, long EndedAt, double DistanceM, double PaceSecPerKm, double HrDrop60Bpm);

/// <summary>
/// A labelled session of one runner: speed follows each segment's target with a 2 s lag, heart rate follows speed with
/// 25 s rising and 60 s falling lags, and the sensors add white noise and, optionally, wild readings (never two in a row).
/// </summary>
internal sealed class IntervalSession
{
    private const double StepS = 0.1;
    private const double SpeedLagS = 2;

    public required List<MetricSample> Samples { get; init; }

    public required List<LabelledRep> Reps { get; init; }

    public static IntervalSession Build(IReadOnlyList<Segment> segments, int seed, double noisePct = 1.5, int hz = 1, double spikeRate = 0)
    {
        var random = new Random(seed);
        var samples = new List<MetricSample>();
        var reps = new List<LabelledRep>();
        var speed = segments[0].SpeedMps;
        var hr = TargetHr(speed);
        double distance = 0;
        long tick = 0;
        var ticksPerSample = (int)Math.Round(1 / (StepS * hz));
        var hrAt = new List<double>();
        var repStartTick = new List<(long Start, long End, double StartD, double EndD)>();
        var wild = false;
        foreach (var segment in segments)
        {
            var startTick = tick;
            var startD = distance;
            var endTick = tick + (long)Math.Round(segment.Seconds / StepS);
            for (; tick < endTick; tick++)
            {
                var elapsed = (tick - startTick) * StepS;
                var target = segment.SpeedMps * (1 + (segment.WavePct / 100 * Math.Sign(Math.Sin(2 * Math.PI * elapsed / segment.WavePeriodS))));
                speed += (target - speed) * StepS / SpeedLagS;
                var hrTarget = TargetHr(speed);
                hr += (hrTarget - hr) * StepS / (hrTarget > hr ? 25 : 60);
                distance += speed * StepS;
                hrAt.Add(hr);
                if (tick % ticksPerSample == 0)
                {
                    samples.Add(Sample(samples.Count + 1, tick, speed, hr, distance, segment.ContactFactor, noisePct, spikeRate, random, ref wild));
                }
            }

            if (segment.IsRep)
            {
                repStartTick.Add((startTick, endTick, startD, distance));
            }
        }

        foreach (var (start, end, startD, endD) in repStartTick)
        {
            var after = Math.Min(end + 600, hrAt.Count - 1);
            var d = endD - startD;
            reps.Add(new LabelledRep(At(start), At(end), d, (end - start) * StepS / d * 1000, hrAt[(int)end - 1] - hrAt[(int)after]));
        }

        return new IntervalSession { Samples = samples, Reps = reps };
    }

    public static double TargetHr(double speed) => 100 + (14 * speed);

    private static long At(long tick) => RunScript.Start + (tick * 100);

    private static MetricSample Sample(long seq, long tick, double speed, double hr, double distance, double contactFactor, double noisePct, double spikeRate, Random random, ref bool wild)
    {
        double Noisy(double value) => value * (1 + (noisePct / 100 * Gaussian(random)));
        // Wild readings come alone: two in a row on the far side of a rep's bound look like a 2 s surge, not a glitch, and
        // no detector can tell them apart. The draw is made either way so sessions without such a pair stay as they were.
        wild = random.NextDouble() < spikeRate && !wild;
        var reported = wild ? random.NextDouble() * 12 : Math.Max(0, Noisy(speed));
        var moving = speed > 0.5;
        var cadence = moving ? 150 + (6 * speed) : 0;
        return new MetricSample
        {
            Seq = seq,
            ObservedAt = At(tick),
            SpeedMps = reported,
            DistanceM = distance,
            HeartRateBpm = (int)Math.Round(hr + Gaussian(random)),
            CadenceSpm = moving ? Noisy(cadence) : null,
            StrideLengthM = moving ? Noisy(speed * 60 / cadence) : null,
            GroundContactMs = moving ? Noisy((320 - (20 * speed)) * contactFactor) : null,
            VerticalOscillationCm = moving ? Noisy(8.5) : null,
            GctBalanceLeftPct = moving ? 50 + (0.5 * Gaussian(random)) : null,
            PowerW = moving ? (int)Math.Round(Noisy(60 * speed)) : null,
        };
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
