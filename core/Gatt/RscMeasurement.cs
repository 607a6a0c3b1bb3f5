namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// A decoded RSC Measurement (0x2A53). Raw wire units are kept next to SI conversions; cadence stays raw because
/// footpods disagree on its unit (see <see cref="CadenceNormalizer"/>).
/// </summary>
public readonly struct RscMeasurement
{
    /// <summary>Instantaneous speed in 1/256 m/s.</summary>
    public ushort SpeedRaw { get; init; }

    /// <summary>Instantaneous cadence as sent: "1/min" per the spec, which sensors read as per-foot or as steps.</summary>
    public byte CadenceRaw { get; init; }

    /// <summary>Flag bit 0: instantaneous stride length in 1/100 m, null when absent.</summary>
    public ushort? StrideLengthRaw { get; init; }

    /// <summary>Flag bit 1: total distance in 1/10 m, null when absent.</summary>
    public uint? TotalDistanceRaw { get; init; }

    /// <summary>Flag bit 2: 1 = running, 0 = walking.</summary>
    public bool IsRunning { get; init; }

    internal GattWarnings DecodeWarnings { get; init; }

    public double SpeedMps => SpeedRaw / 256.0;

    public double? StrideLengthM => StrideLengthRaw / 100.0;

    public double? TotalDistanceM => TotalDistanceRaw / 10.0;

    public GattWarnings Warnings
    {
        get
        {
            var w = DecodeWarnings;
            if (SpeedRaw > 12 * 256)
            {
                w |= GattWarnings.SpeedOutOfRange;
            }

            // Raw above 250 is too fast whichever unit the sensor uses (per foot would be double that).
            if (CadenceRaw > 250)
            {
                w |= GattWarnings.CadenceOutOfRange;
            }

            if (StrideLengthRaw > 300)
            {
                w |= GattWarnings.StrideLengthOutOfRange;
            }

            return w;
        }
    }
}
