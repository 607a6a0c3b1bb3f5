namespace MindMuscle.Live.Core.Fit;

/// <summary>A lap's or session's totals over its records: means over the records that carry a value, maxima, distance end minus start.</summary>
internal static class FitTotalsCalculator
{
    /// <param name="records">The runner's records, one per second.</param>
    /// <param name="cumulative">Per record, the runner's distance at its last sample (null: no distance nor speed at all).</param>
    /// <param name="from">First record of the span.</param>
    /// <param name="to">One past its last record.</param>
    /// <param name="startMs">The span's start, UTC unix ms.</param>
    /// <param name="endMs">The span's end (exclusive), UTC unix ms.</param>
    public static FitTotals Of(IReadOnlyList<FitRecord> records, IReadOnlyList<double>? cumulative, int from, int to, long startMs, long endMs)
    {
        var elapsedS = (endMs - startMs) / 1000.0;
        double? distance = null;
        if (cumulative is not null && to > from)
        {
            // Boundary to boundary: from this span's first record to the next span's first, so lap distances add up to the session's.
            var end = to < cumulative.Count ? cumulative[to] : cumulative[to - 1];
            distance = Math.Max(0, end - cumulative[from]);
        }

        Mean speed = default, hr = default, cadence = default, power = default, gct = default, balance = default, vo = default, stride = default;
        for (var i = from; i < to; i++)
        {
            var r = records[i];
            speed.Add(r.SpeedMps);
            hr.Add(r.HeartRateBpm);
            cadence.Add(r.CadenceSpm);
            power.Add(r.PowerW);
            gct.Add(r.GroundContactMs);
            balance.Add(r.GctBalanceLeftPct);
            vo.Add(r.VerticalOscillationCm);
            stride.Add(r.StrideLengthM);
        }

        return new FitTotals
        {
            StartedAt = startMs,
            ElapsedS = elapsedS,
            DistanceM = distance,
            AvgSpeedMps = distance is { } d && elapsedS > 0 ? d / elapsedS : speed.Value,
            MaxSpeedMps = speed.Max,
            AvgHeartRateBpm = hr.Value is { } h ? (int)Math.Round(h) : null,
            MaxHeartRateBpm = hr.Max is { } hm ? (int)hm : null,
            AvgCadenceSpm = cadence.Value,
            MaxCadenceSpm = cadence.Max,
            AvgPowerW = power.Value is { } p ? (int)Math.Round(p) : null,
            MaxPowerW = power.Max is { } pm ? (int)pm : null,
            AvgGroundContactMs = gct.Value,
            AvgGctBalanceLeftPct = balance.Value,
            AvgVerticalOscillationCm = vo.Value,
            AvgStrideLengthM = stride.Value,
        };
    }

    private struct Mean
    {
        private double _sum;
        private int _count;

        public double? Max { get; private set; }

        public readonly double? Value => _count > 0 ? _sum / _count : null;

        public void Add(double? value)
        {
            if (value is { } v && double.IsFinite(v))
            {
                _sum += v;
                _count++;
                Max = Math.Max(Max ?? v, v);
            }
        }
    }
}
