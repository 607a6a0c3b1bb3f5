namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// Converts one footpod's RSC cadence to steps/min. Keep one per sensor: in <see cref="CadenceMode.Auto"/> it learns the
/// sensor's unit and, once confident, sticks to it. Not thread-safe (a sensor's notifications arrive in order).
/// </summary>
/// <remarks>
/// Auto, per reading (docs/gatt.md has the reasoning):
/// 1. raw 0 → 0 (same in both units).
/// 2. Speed ≥ 1 m/s and stride ≥ 0.3 m present: expected = speed × 60 / stride. raw / expected in 0.4-0.6 → per foot,
///    in 0.8-1.25 → steps (a strong vote). Anything else falls through to the ranges.
/// 3. Running (flag bit 2): raw &lt; 120 → per foot (human running cadence is 140-220 steps/min, so a raw value under 120
///    is one foot's strikes), else steps (a weak vote).
/// 4. Walking: walking cadence is ~90-135 steps/min, ~45-68 per foot. raw &lt; 70 → per foot, raw &gt; 135 → steps (weak
///    votes); 70-135 is ambiguous (a per-foot pod at a jog and a steps pod at a walk overlap) → cadence null +
///    <see cref="GattWarnings.CadenceAmbiguous"/>, never a guess.
/// Sticky: after <see cref="StrongVotesToStick"/> consecutive agreeing strong votes, or <see cref="VotesToStick"/>
/// consecutive agreeing votes of any kind, the unit is fixed for this sensor. A disagreeing vote restarts the count.
/// </remarks>
public sealed class CadenceNormalizer(CadenceMode mode = CadenceMode.Auto)
{
    public const int StrongVotesToStick = 3;
    public const int VotesToStick = 10;

    private readonly CadenceMode _mode = mode;
    private CadenceMode _candidate;
    private int _strongStreak;
    private int _streak;

    public CadenceMode ConfiguredMode => _mode;

    /// <summary>PerFoot or Steps once Auto has decided with confidence (or the configured mode); Auto before.</summary>
    public CadenceMode DecidedMode { get; private set; } = mode;

    /// <summary>Forget what Auto learned (a different sensor took this slot).</summary>
    public void Reset()
    {
        DecidedMode = _mode;
        _candidate = CadenceMode.Auto;
        _strongStreak = 0;
        _streak = 0;
    }

    public CadenceReading Normalize(in RscMeasurement measurement)
    {
        var raw = measurement.CadenceRaw;
        if (DecidedMode != CadenceMode.Auto)
        {
            var evidence = _mode == CadenceMode.Auto ? CadenceEvidence.Sticky : CadenceEvidence.Configured;
            return Apply(raw, DecidedMode, evidence);
        }

        if (raw == 0)
        {
            return new CadenceReading(0, CadenceMode.Auto, CadenceEvidence.Zero, GattWarnings.None);
        }

        var (vote, strength) = Vote(measurement);
        if (vote == CadenceMode.Auto)
        {
            return new CadenceReading(null, CadenceMode.Auto, CadenceEvidence.None, GattWarnings.CadenceAmbiguous);
        }

        Record(vote, strength == CadenceEvidence.SpeedAndStride);
        return Apply(raw, vote, strength);
    }

    private static (CadenceMode Vote, CadenceEvidence Evidence) Vote(in RscMeasurement m)
    {
        int raw = m.CadenceRaw;
        if (m.StrideLengthM is { } stride && stride >= 0.3 && m.SpeedMps >= 1.0)
        {
            var expected = m.SpeedMps * 60.0 / stride;
            var ratio = raw / expected;
            if (ratio is >= 0.4 and <= 0.6)
            {
                return (CadenceMode.PerFoot, CadenceEvidence.SpeedAndStride);
            }

            if (ratio is >= 0.8 and <= 1.25)
            {
                return (CadenceMode.Steps, CadenceEvidence.SpeedAndStride);
            }
        }

        if (m.IsRunning)
        {
            return (raw < 120 ? CadenceMode.PerFoot : CadenceMode.Steps, CadenceEvidence.RunningRange);
        }

        return raw switch
        {
            < 70 => (CadenceMode.PerFoot, CadenceEvidence.WalkingRange),
            > 135 => (CadenceMode.Steps, CadenceEvidence.WalkingRange),
            _ => (CadenceMode.Auto, CadenceEvidence.None),
        };
    }

    private void Record(CadenceMode vote, bool strong)
    {
        if (vote != _candidate)
        {
            _candidate = vote;
            _strongStreak = 0;
            _streak = 0;
        }

        _streak++;
        if (strong)
        {
            _strongStreak++;
        }

        if (_strongStreak >= StrongVotesToStick || _streak >= VotesToStick)
        {
            DecidedMode = vote;
        }
    }

    private static CadenceReading Apply(byte raw, CadenceMode applied, CadenceEvidence evidence)
    {
        double spm = applied == CadenceMode.PerFoot ? raw * 2 : raw;
        var warnings = spm > 250 ? GattWarnings.CadenceOutOfRange : GattWarnings.None;
        return new CadenceReading(spm, applied, evidence, warnings);
    }
}
