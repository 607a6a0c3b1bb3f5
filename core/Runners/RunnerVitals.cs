using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// What a simulated runner's sensors would measure at <see cref="Elapsed"/> run time. Values exist even while a sensor
/// is dropped (the runner keeps running); the <c>...Connected</c> flags say what a relay would actually receive.
/// </summary>
public sealed record RunnerVitals
{
    public required TimeSpan Elapsed { get; init; }

    public required double SpeedMps { get; init; }

    /// <summary>Steps per minute, both feet.</summary>
    public required double CadenceSpm { get; init; }

    /// <summary>Step length in metres: speed * 60 / cadence.</summary>
    public required double StrideLengthM { get; init; }

    public required double DistanceM { get; init; }

    public required double HeartRateBpm { get; init; }

    /// <summary>Beat-to-beat intervals completed since the previous <c>Step</c>/<c>At</c> call, oldest first.</summary>
    public required double[] RrIntervalsMs { get; init; }

    public required double VerticalOscillationCm { get; init; }

    public required double GroundContactMs { get; init; }

    public required double GctBalanceLeftPct { get; init; }

    public required double PowerW { get; init; }

    /// <summary>Heart-rate strap skin contact.</summary>
    public required bool SensorContact { get; init; }

    public required int HeartStrapBatteryPct { get; init; }

    public required int FootpodBatteryPct { get; init; }

    public required int PowerPodBatteryPct { get; init; }

    public required bool HeartRateConnected { get; init; }

    public required bool FootpodConnected { get; init; }

    public required bool PowerConnected { get; init; }

    public bool IsConnected(RunnerSensor sensor) => sensor switch
    {
        RunnerSensor.HeartRate => HeartRateConnected,
        RunnerSensor.Footpod => FootpodConnected,
        RunnerSensor.Power => PowerConnected,
        _ => false,
    };

    public int BatteryPct(RunnerSensor sensor) => sensor switch
    {
        RunnerSensor.HeartRate => HeartStrapBatteryPct,
        RunnerSensor.Footpod => FootpodBatteryPct,
        RunnerSensor.Power => PowerPodBatteryPct,
        _ => 0,
    };

    /// <summary>
    /// One merged sample of everything the connected sensors report (the alert-quality harness feeds these to the engine
    /// directly, without BLE). Fields of dropped sensors are null, never 0. Battery is the lowest connected sensor's.
    /// </summary>
    public MetricSample ToMetricSample(long observedAtUnixMs)
    {
        int? battery = null;
        foreach (var sensor in (ReadOnlySpan<RunnerSensor>)[RunnerSensor.HeartRate, RunnerSensor.Footpod, RunnerSensor.Power])
        {
            if (IsConnected(sensor))
            {
                battery = Math.Min(battery ?? int.MaxValue, BatteryPct(sensor));
            }
        }

        return new MetricSample
        {
            ObservedAt = observedAtUnixMs,
            HeartRateBpm = HeartRateConnected ? (int)Math.Round(HeartRateBpm) : null,
            RrIntervalsMs = HeartRateConnected ? RrIntervalsMs : null,
            SensorContact = HeartRateConnected ? SensorContact : null,
            CadenceSpm = FootpodConnected ? Math.Round(CadenceSpm, 1) : null,
            SpeedMps = FootpodConnected ? Math.Round(SpeedMps, 3) : null,
            StrideLengthM = FootpodConnected ? Math.Round(StrideLengthM, 3) : null,
            DistanceM = FootpodConnected ? Math.Round(DistanceM, 1) : null,
            GroundContactMs = FootpodConnected ? Math.Round(GroundContactMs, 1) : null,
            VerticalOscillationCm = FootpodConnected ? Math.Round(VerticalOscillationCm, 2) : null,
            GctBalanceLeftPct = FootpodConnected ? Math.Round(GctBalanceLeftPct, 2) : null,
            PowerW = PowerConnected ? (int)Math.Round(PowerW) : null,
            BatteryPct = battery,
        };
    }
}
