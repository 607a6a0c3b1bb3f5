namespace MindMuscle.Live.Core.Alerts.Internal;

/// <summary>The metrics with a rolling window, as array indices.</summary>
internal static class Metric
{
    public const int Cadence = 0;
    public const int Stride = 1;
    public const int Speed = 2;
    public const int HeartRate = 3;
    public const int GroundContact = 4;
    public const int Oscillation = 5;
    public const int Balance = 6;
    public const int Count = 7;

    /// <summary>Window capacity: 6.4 readings a second over the default 20 s window (sensors send 1-4 Hz).</summary>
    public const int WindowCapacity = 128;

    /// <summary>A window needs this many readings before its median counts as the current value.</summary>
    public const int MinReadings = 3;
}
