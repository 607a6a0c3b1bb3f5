namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// A seeded physiological model of one runner playing a <see cref="Scenario"/> on simulated time. It advances in fixed
/// 100 ms ticks, whatever the caller's step sizes, so the same scenario + seed + profile gives the same values at the
/// same run times however it is stepped (1 Hz, 2 Hz or one jump).
/// </summary>
/// <remarks>
/// On top of <see cref="RunnerTargets"/> (pace, effort, events): speed follows its target with a 4 s lag, heart rate with
/// a first-order lag (25 s rising, 40 s falling) plus slow cardiac drift, and every metric carries small Gaussian noise:
/// a slow Ornstein-Uhlenbeck wander (the runner) plus white noise (the sensor). Beat-to-beat RR intervals come from the
/// heart rate with about 1.2 % variability and a breathing rhythm, on a separate random stream so they do not shift the
/// other metrics' noise.
/// </remarks>
public sealed class RunnerModel
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private const double TickSeconds = 0.1;

    private readonly Scenario _scenario;
    private readonly RunnerProfile _profile;
    private readonly DeterministicRandom _noise;
    private readonly DeterministicRandom _beats;
    private readonly List<double> _pendingRr = [];
    private readonly bool[] _batteryEventApplied;

    private long _tick;
    private TimeSpan _requested;
    private double _speed;
    private double _heartRate;
    private double _distance;
    private double _speedWander, _cadenceWander, _voWander, _gctWander, _balanceWander, _hrWander;
    private double _cadenceJitter, _voJitter, _gctJitter, _balanceJitter, _powerJitter;
    private double _batteryHr, _batteryFootpod, _batteryPower;
    private double _lastBeatMs;
    private double _nextBeatMs;
    private RunnerTargets _targets;

    public RunnerModel(Scenario scenario, int seed, RunnerProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _profile = profile ?? scenario.Profile;
        Seed = seed;
        _noise = new DeterministicRandom(DeterministicRandom.Mix(seed, 0xA11CE));
        _beats = new DeterministicRandom(DeterministicRandom.Mix(seed, 0xBEA7));
        _batteryEventApplied = new bool[scenario.Events.Count];

        _targets = RunnerTargets.Compute(_profile, scenario.Events, TimeSpan.Zero);
        _speed = _targets.SpeedMps;
        _heartRate = _profile.StartHeartRateBpm;
        _batteryHr = _profile.HeartStrapBatteryPct;
        _batteryFootpod = _profile.FootpodBatteryPct;
        _batteryPower = _profile.PowerPodBatteryPct;
        _nextBeatMs = 60000 / _heartRate;
        ApplyBatteryEvents(TimeSpan.Zero);
    }

    public Scenario Scenario => _scenario;

    public RunnerProfile Profile => _profile;

    public int Seed { get; }

    /// <summary>Run time reached so far (a multiple of <see cref="Tick"/>).</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(_tick * Tick.Ticks);

    /// <summary>Advances by <paramref name="dt"/> from the last requested time and returns the vitals there.</summary>
    public RunnerVitals Step(TimeSpan dt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dt, TimeSpan.Zero);
        _requested += dt;
        return At(_requested);
    }

    /// <summary>Advances to run time <paramref name="t"/> (never backwards) and returns the vitals there.</summary>
    public RunnerVitals At(TimeSpan t)
    {
        if (t < _requested)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"The model only moves forward; it is already at {_requested}.");
        }

        _requested = t;
        var targetTick = t.Ticks / Tick.Ticks;
        while (_tick < targetTick)
        {
            Advance();
        }

        return Snapshot(t);
    }

    private void Advance()
    {
        var now = TimeSpan.FromTicks((_tick + 1) * Tick.Ticks);
        _targets = RunnerTargets.Compute(_profile, _scenario.Events, now);

        // The runner: slow wander around the target (fixed number of draws per tick keeps streams aligned across scenarios).
        _speedWander = Wander(_speedWander, 0.012, 8);
        _cadenceWander = Wander(_cadenceWander, 0.006, 6);
        _voWander = Wander(_voWander, 0.02, 10);
        _gctWander = Wander(_gctWander, 0.015, 10);
        _balanceWander = Wander(_balanceWander, 0.3, 15);
        _hrWander = Wander(_hrWander, 0.8, 10);

        // The sensor: per-reading noise.
        _cadenceJitter = 0.6 * _noise.NextNormal();
        _voJitter = 0.12 * _noise.NextNormal();
        _gctJitter = 3.0 * _noise.NextNormal();
        _balanceJitter = 0.25 * _noise.NextNormal();
        _powerJitter = 0.015 * _noise.NextNormal();

        _speed += (_targets.SpeedMps - _speed) * TickSeconds / 4.0;
        var tau = _targets.HeartRateBpm > _heartRate ? 25.0 : 40.0;
        _heartRate += (_targets.HeartRateBpm - _heartRate) * TickSeconds / tau;
        _distance += CurrentSpeed * TickSeconds;

        var drain = _profile.BatteryDrainPctPerHour * TickSeconds / 3600;
        _batteryHr = Math.Max(0, _batteryHr - drain);
        _batteryFootpod = Math.Max(0, _batteryFootpod - drain);
        _batteryPower = Math.Max(0, _batteryPower - drain);
        ApplyBatteryEvents(now);

        var nowMs = now.TotalMilliseconds;
        while (_nextBeatMs <= nowMs)
        {
            _pendingRr.Add(Math.Round(_nextBeatMs - _lastBeatMs, 1));
            _lastBeatMs = _nextBeatMs;
            var meanRr = 60000 / Math.Max(30, _heartRate + _hrWander);
            var breathing = 4.0 * Math.Sin(2 * Math.PI * _lastBeatMs / 3500);
            _nextBeatMs = _lastBeatMs + (meanRr * (1 + (0.012 * _beats.NextNormal()))) + breathing;
        }

        _tick++;
    }

    private double CurrentSpeed => Math.Max(0, _speed * (1 + _speedWander));

    private double Wander(double value, double sd, double tauSeconds) =>
        value - (value * TickSeconds / tauSeconds) + (sd * Math.Sqrt(2 * TickSeconds / tauSeconds) * _noise.NextNormal());

    private void ApplyBatteryEvents(TimeSpan now)
    {
        for (var i = 0; i < _scenario.Events.Count; i++)
        {
            var e = _scenario.Events[i];
            if (_batteryEventApplied[i] || e.BatteryPct is not { } level || e.At > now)
            {
                continue;
            }

            _batteryEventApplied[i] = true;
            switch (e.Sensor)
            {
                case RunnerSensor.HeartRate: _batteryHr = level; break;
                case RunnerSensor.Footpod: _batteryFootpod = level; break;
                case RunnerSensor.Power: _batteryPower = level; break;
                default: _batteryHr = _batteryFootpod = _batteryPower = level; break;
            }
        }
    }

    private RunnerVitals Snapshot(TimeSpan t)
    {
        var speed = CurrentSpeed;
        var cadence = Math.Max(60, (_targets.CadenceSpm * (1 + _cadenceWander) * Math.Pow(speed / Math.Max(0.1, _targets.SpeedMps), 0.1)) + _cadenceJitter);
        var rr = _pendingRr.ToArray();
        _pendingRr.Clear();

        // Ground contact follows the legs' actual speed (lagging the target like speed does), not the plan: a runner
        // easing off a rep still has short contacts for the second or two they are still fast.
        var contactLag = Math.Pow(_targets.SpeedMps / Math.Max(0.1, _speed), 0.7);

        return new RunnerVitals
        {
            Elapsed = t,
            SpeedMps = speed,
            CadenceSpm = cadence,
            StrideLengthM = speed * 60 / cadence,
            DistanceM = _distance,
            HeartRateBpm = Math.Clamp(_heartRate + _hrWander, 35, _profile.MaxHeartRateBpm),
            RrIntervalsMs = rr,
            VerticalOscillationCm = Math.Max(1, (_targets.VerticalOscillationCm * (1 + _voWander)) + _voJitter),
            GroundContactMs = Math.Max(100, (_targets.GroundContactMs * contactLag * (1 + _gctWander)) + _gctJitter),
            GctBalanceLeftPct = Math.Clamp(_targets.GctBalanceLeftPct + _balanceWander + _balanceJitter, 30, 70),
            PowerW = Math.Max(0, _profile.MassKg * speed * _profile.PowerWattsPerKgPerMps * (1 + _powerJitter)),
            SensorContact = !_scenario.IsContactLost(t),
            HeartStrapBatteryPct = (int)Math.Ceiling(_batteryHr),
            FootpodBatteryPct = (int)Math.Ceiling(_batteryFootpod),
            PowerPodBatteryPct = (int)Math.Ceiling(_batteryPower),
            HeartRateConnected = !_scenario.IsDropped(RunnerSensor.HeartRate, t),
            FootpodConnected = !_scenario.IsDropped(RunnerSensor.Footpod, t),
            PowerConnected = !_scenario.IsDropped(RunnerSensor.Power, t),
        };
    }
}
