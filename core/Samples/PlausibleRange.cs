namespace MindMuscle.Live.Core.Samples;

/// <summary>The values a sample field can plausibly hold, inclusive; <paramref name="Field"/> is its JSON name.</summary>
public readonly record struct PlausibleRange(string Field, string Unit, double Min, double Max)
{
    /// <summary>Finite and within the range (NaN and infinities are never plausible).</summary>
    public bool Contains(double value) => double.IsFinite(value) && value >= Min && value <= Max;
}
