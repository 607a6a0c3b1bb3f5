namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// A decoded vendor Running Dynamics value (<see cref="GattUuids.RunningDynamics"/>): ground contact time, vertical
/// oscillation and ground contact balance, which no SIG characteristic carries. Each field is null when its flag is clear.
/// </summary>
public readonly struct RunningDynamicsMeasurement
{
    /// <summary>Bit 0: ground contact time, uint16 ms.</summary>
    public ushort? GroundContactMs { get; init; }

    /// <summary>Bit 1: vertical oscillation, uint16 in 1/10 mm.</summary>
    public ushort? VerticalOscillationRaw { get; init; }

    /// <summary>Bit 2: share of ground contact on the left foot, uint16 in 1/100 %.</summary>
    public ushort? GctBalanceLeftRaw { get; init; }

    internal GattWarnings DecodeWarnings { get; init; }

    public double? VerticalOscillationCm => VerticalOscillationRaw / 100.0;

    public double? GctBalanceLeftPct => GctBalanceLeftRaw / 100.0;

    public GattWarnings Warnings
    {
        get
        {
            var w = DecodeWarnings;
            if (GroundContactMs is 0 or > 2000)
            {
                w |= GattWarnings.GroundContactOutOfRange;
            }

            if (VerticalOscillationRaw > 3000)
            {
                w |= GattWarnings.VerticalOscillationOutOfRange;
            }

            if (GctBalanceLeftRaw > 10000)
            {
                w |= GattWarnings.GctBalanceOutOfRange;
            }

            return w;
        }
    }
}
