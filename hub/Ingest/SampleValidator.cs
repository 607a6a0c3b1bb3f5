using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Ingest;

/// <summary>Why a batch was refused: the field (JSON path), the seq of the offending sample, and what to fix.</summary>
internal sealed record BatchRejection(string Reason, string Field, long? Seq, string Message);

/// <summary>
/// Checks a published batch before anything of it is recorded: sizes, seq order, plausible times, finite numbers in
/// the ranges of <see cref="PlausibleRanges"/>. Nothing a client sends is trusted.
/// </summary>
internal static class SampleValidator
{
    public const int MaxRrIntervals = 32;

    public static BatchRejection? Validate(SampleBatch? batch, int maxSamples, long nowUnixMs, long maxAgeMs, long maxFutureMs)
    {
        if (batch?.Samples is null)
        {
            return new("missingSamples", "samples", null, "samples is required: send {\"samples\": [ ... ]}");
        }

        if (batch.Samples.Length > maxSamples)
        {
            return new("batchTooLarge", "samples", null, $"samples has {batch.Samples.Length} entries; send at most {maxSamples} per batch");
        }

        var previous = 0L;
        for (var i = 0; i < batch.Samples.Length; i++)
        {
            var s = batch.Samples[i];
            if (s is null)
            {
                var at = At(i);
                return new("nullSample", at, null, $"{at} is null; every entry must be a sample object");
            }

            if (s.Seq <= 0)
            {
                var at = At(i);
                return new("seq", $"{at}.seq", s.Seq, $"{at}.seq is {s.Seq}; seq starts at 1");
            }

            if (s.Seq <= previous)
            {
                var at = At(i);
                return new("seqOrder", $"{at}.seq", s.Seq, $"{at}.seq {s.Seq} follows seq {previous}; send samples in increasing seq order without repeats");
            }

            previous = s.Seq;
            if (s.ObservedAt < nowUnixMs - maxAgeMs || s.ObservedAt > nowUnixMs + maxFutureMs)
            {
                var at = At(i);
                return new("observedAt", $"{at}.observedAt", s.ObservedAt,
                    $"{at}.observedAt (seq {s.Seq}) is {s.ObservedAt}, {(s.ObservedAt - nowUnixMs) / 1000.0:0.#} s from the hub clock {nowUnixMs}; send UTC unix milliseconds corrected by the ack's hubTime");
            }

            var error =
                Range(s.HeartRateBpm, PlausibleRanges.HeartRateBpm)
                ?? Range(s.CadenceSpm, PlausibleRanges.CadenceSpm)
                ?? Range(s.SpeedMps, PlausibleRanges.SpeedMps)
                ?? Range(s.StrideLengthM, PlausibleRanges.StrideLengthM)
                ?? Range(s.DistanceM, PlausibleRanges.DistanceM)
                ?? Range(s.PowerW, PlausibleRanges.PowerW)
                ?? Range(s.GroundContactMs, PlausibleRanges.GroundContactMs)
                ?? Range(s.VerticalOscillationCm, PlausibleRanges.VerticalOscillationCm)
                ?? Range(s.GctBalanceLeftPct, PlausibleRanges.GctBalanceLeftPct)
                ?? Range(s.BatteryPct, PlausibleRanges.BatteryPct)
                ?? Rr(s.RrIntervalsMs);
            if (error is { } e)
            {
                var field = $"{At(i)}.{e.Field}";
                return new(e.Reason, field, s.Seq, $"{field} (seq {s.Seq}) {e.Problem}");
            }
        }

        return null;
    }

    // Made only for a rejection: a valid batch is checked without formatting a path per sample.
    private static string At(int index) => $"samples[{index}]";

    private static (string Reason, string Field, string Problem)? Range(double? value, PlausibleRange range)
    {
        var field = range.Field;
        if (value is not { } v)
        {
            return null;
        }

        if (!double.IsFinite(v))
        {
            return ("notFinite", field, $"is {v}; send a finite number or null when unknown");
        }

        return range.Contains(v) ? null
            : ("outOfRange", field, $"is {v} {range.Unit}; expected {range.Min}..{range.Max} {range.Unit} or null when unknown");
    }

    private static (string Reason, string Field, string Problem)? Rr(double[]? rr)
    {
        if (rr is null)
        {
            return null;
        }

        if (rr.Length > MaxRrIntervals)
        {
            return ("outOfRange", "rrIntervalsMs", $"has {rr.Length} intervals; at most {MaxRrIntervals} per sample");
        }

        for (var i = 0; i < rr.Length; i++)
        {
            if (Range(rr[i], PlausibleRanges.RrIntervalMs) is { } e)
            {
                return e with { Field = $"rrIntervalsMs[{i}]" };
            }
        }

        return null;
    }
}
