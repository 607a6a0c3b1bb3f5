namespace MindMuscle.Live.Core.Track;

/// <summary>A completed rep waiting for the heart rate 30 s and 60 s after its end.</summary>
internal struct PendingRecovery
{
    public Rep Rep;
    public double EndHeartRate;
    public HeartRateWindow At30, At60;
    public int? Drop30;
    public bool Done30;
}

/// <summary>
/// The heart-rate readings close to one instant: the heart rate there is their mean, since one reading carries
/// ±1-2 bpm of sensor noise.
/// </summary>
internal struct HeartRateWindow
{
    public const long HalfWindowMs = 2_000;

    private double _sum;
    private int _count;

    /// <summary>Counts <paramref name="heartRate"/> when <paramref name="offsetMs"/> (its time minus the instant) is within the half-window.</summary>
    public void Add(long offsetMs, double heartRate)
    {
        if (Math.Abs(offsetMs) <= HalfWindowMs)
        {
            _sum += heartRate;
            _count++;
        }
    }

    public readonly int? DropFrom(double endHeartRate) => _count > 0 ? (int)Math.Round(endHeartRate - (_sum / _count)) : null;
}
