namespace MindMuscle.Live.Core.Gatt;

/// <summary>How a footpod's RSC cadence field maps to steps per minute (both feet).</summary>
public enum CadenceMode
{
    /// <summary>Decide from the data (docs/gatt.md, "Cadence"): the default.</summary>
    Auto = 0,

    /// <summary>The sensor counts one foot's strikes: steps/min = raw × 2.</summary>
    PerFoot = 1,

    /// <summary>The sensor counts both feet: steps/min = raw.</summary>
    Steps = 2,
}

/// <summary>What told the normalizer which unit to apply to one reading.</summary>
public enum CadenceEvidence
{
    /// <summary>No conversion was possible (<see cref="GattWarnings.CadenceAmbiguous"/>).</summary>
    None = 0,

    /// <summary>The per-sensor setting was PerFoot or Steps.</summary>
    Configured = 1,

    /// <summary>Auto had already decided for this sensor.</summary>
    Sticky = 2,

    /// <summary>Raw cadence compared with speed × 60 / stride length.</summary>
    SpeedAndStride = 3,

    /// <summary>Raw cadence compared with human running cadence (140-220 steps/min).</summary>
    RunningRange = 4,

    /// <summary>Raw cadence far enough outside walking cadence (90-135 steps/min) to be unambiguous.</summary>
    WalkingRange = 5,

    /// <summary>Raw cadence 0: zero in either unit.</summary>
    Zero = 6,
}

/// <summary>One converted cadence: steps/min (null when ambiguous), the unit applied, and why.</summary>
public readonly record struct CadenceReading(double? CadenceSpm, CadenceMode AppliedMode, CadenceEvidence Evidence, GattWarnings Warnings);
