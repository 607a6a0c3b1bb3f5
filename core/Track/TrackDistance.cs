using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Track;

/// <summary>
/// A runner's distance since the first sample: the footpod's <c>distanceM</c> when it sends one (a counter reset or
/// wrap continues from where it was), else speed integrated over time. Gaps longer than <see cref="MaxStepMs"/> add no
/// integrated distance (a lost sensor is not running).
/// </summary>
internal struct TrackDistance
{
    public const long MaxStepMs = 5000;

    private double _lastField;
    private bool _hasField;
    private double _lastSpeed;
    private long _lastAt;
    private bool _started;

    public double Meters { get; private set; }

    /// <summary>Advances to sample time <paramref name="t"/> (never earlier than the last) and returns the distance.</summary>
    public double Advance(MetricSample sample, long t)
    {
        if (sample.DistanceM is { } field && double.IsFinite(field) && field >= 0)
        {
            if (_hasField && field >= _lastField)
            {
                Meters += field - _lastField;
            }

            _lastField = field;
            _hasField = true;
        }
        else if (!_hasField && _started && t - _lastAt is > 0 and <= MaxStepMs)
        {
            Meters += _lastSpeed * (t - _lastAt) / 1000;
        }

        if (sample.SpeedMps is { } speed && double.IsFinite(speed) && speed is >= 0 and <= 15)
        {
            _lastSpeed = speed;
        }

        _lastAt = t;
        _started = true;
        return Meters;
    }
}
