namespace MindMuscle.Live.Core.Gatt;

/// <summary>Cumulative wheel revolutions (uint32) and the time of the last wheel event in 1/2048 s.</summary>
public readonly record struct WheelRevolutionData(uint Revolutions, ushort LastEventTime2048);

/// <summary>Cumulative crank revolutions (uint16) and the time of the last crank event in 1/1024 s.</summary>
public readonly record struct CrankRevolutionData(ushort Revolutions, ushort LastEventTime1024);

/// <summary>A maximum and a minimum in the field's raw unit (newtons for forces, 1/32 Nm for torques, degrees for angles).</summary>
public readonly record struct ExtremePair(int Maximum, int Minimum);

/// <summary>
/// A decoded Cycling Power Measurement (0x2A63), as sent by running power pods. Every optional field is null when its
/// flag is clear; the two reference/source bits and the offset indicator are plain booleans.
/// </summary>
public readonly struct CyclingPowerMeasurement
{
    /// <summary>Instantaneous power, sint16 W.</summary>
    public short InstantaneousPowerW { get; init; }

    /// <summary>Bit 0: pedal power balance in 1/2 %.</summary>
    public byte? PedalPowerBalanceRaw { get; init; }

    /// <summary>Bit 1: the balance refers to the left pedal (else "unknown").</summary>
    public bool PedalPowerBalanceReferenceLeft { get; init; }

    /// <summary>Bit 2: accumulated torque in 1/32 Nm.</summary>
    public ushort? AccumulatedTorqueRaw { get; init; }

    /// <summary>Bit 3: accumulated torque is crank based (else wheel based).</summary>
    public bool AccumulatedTorqueCrankBased { get; init; }

    /// <summary>Bit 4.</summary>
    public WheelRevolutionData? WheelRevolutions { get; init; }

    /// <summary>Bit 5.</summary>
    public CrankRevolutionData? CrankRevolutions { get; init; }

    /// <summary>Bit 6: sint16 N maximum then minimum.</summary>
    public ExtremePair? ExtremeForceMagnitudesN { get; init; }

    /// <summary>Bit 7: sint16 1/32 Nm maximum then minimum.</summary>
    public ExtremePair? ExtremeTorqueMagnitudesRaw { get; init; }

    /// <summary>Bit 8: uint12 degrees maximum then minimum, packed in 3 bytes.</summary>
    public ExtremePair? ExtremeAnglesDeg { get; init; }

    /// <summary>Bit 9: uint16 degrees.</summary>
    public ushort? TopDeadSpotAngleDeg { get; init; }

    /// <summary>Bit 10: uint16 degrees.</summary>
    public ushort? BottomDeadSpotAngleDeg { get; init; }

    /// <summary>Bit 11: uint16 kJ.</summary>
    public ushort? AccumulatedEnergyKj { get; init; }

    /// <summary>Bit 12: the sensor asks the collector to run an offset compensation.</summary>
    public bool OffsetCompensationIndicator { get; init; }

    internal GattWarnings DecodeWarnings { get; init; }

    public double? PedalPowerBalancePct => PedalPowerBalanceRaw / 2.0;

    public double? AccumulatedTorqueNm => AccumulatedTorqueRaw / 32.0;

    public GattWarnings Warnings
    {
        get
        {
            var w = DecodeWarnings;
            if (InstantaneousPowerW is < 0 or > 2500)
            {
                w |= GattWarnings.PowerOutOfRange;
            }

            if (PedalPowerBalanceRaw > 200)
            {
                w |= GattWarnings.PedalPowerBalanceOutOfRange;
            }

            if (ExtremeAnglesDeg is { } a && (a.Maximum >= 360 || a.Minimum >= 360))
            {
                w |= GattWarnings.AngleOutOfRange;
            }

            if (TopDeadSpotAngleDeg >= 360 || BottomDeadSpotAngleDeg >= 360)
            {
                w |= GattWarnings.AngleOutOfRange;
            }

            return w;
        }
    }
}
