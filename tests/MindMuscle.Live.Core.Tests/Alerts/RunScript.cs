using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Tests.Alerts;

/// <summary>
/// Writes one runner's sample stream second by second: set the fields, then <see cref="Run"/> for some seconds.
/// Defaults are a steady 4 m/s runner (4:10/km) at 180 spm with a 1.33 m stride.
/// </summary>
internal sealed class RunScript
{
    public const long Start = 1_764_000_000_000;

    private readonly List<MetricSample> _samples = [];
    private long _seq;
    private double _distance;

    public double Cadence { get; set; } = 180;

    public double Stride { get; set; } = 1.333;

    public double Speed { get; set; } = 4.0;

    public int Hr { get; set; } = 150;

    public double GroundContact { get; set; } = 240;

    public double Oscillation { get; set; } = 8.5;

    public double BalanceLeft { get; set; } = 50;

    public int Battery { get; set; } = 80;

    public bool Contact { get; set; } = true;

    /// <summary>Sample time of the next sample.</summary>
    public long Now { get; private set; } = Start;

    public IReadOnlyList<MetricSample> Samples => _samples;

    /// <summary>The default warm-up and then some: 5 minutes steady.</summary>
    public RunScript WarmUp() => Run(300);

    public RunScript Run(int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            _distance += Speed;
            _samples.Add(Next());
            Now += 1000;
        }

        return this;
    }

    /// <summary>One sample with the given field changed only for it (a spike).</summary>
    public RunScript Spike(Func<MetricSample, MetricSample> change)
    {
        _distance += Speed;
        _samples.Add(change(Next()));
        Now += 1000;
        return this;
    }

    /// <summary>No samples for some seconds.</summary>
    public RunScript Silence(int seconds)
    {
        Now += seconds * 1000L;
        return this;
    }

    private MetricSample Next() => new()
    {
        Seq = ++_seq,
        ObservedAt = Now,
        HeartRateBpm = Hr,
        CadenceSpm = Cadence,
        SpeedMps = Speed,
        StrideLengthM = Stride,
        DistanceM = _distance,
        GroundContactMs = GroundContact,
        VerticalOscillationCm = Oscillation,
        GctBalanceLeftPct = BalanceLeft,
        SensorContact = Contact,
        BatteryPct = Battery,
    };
}
