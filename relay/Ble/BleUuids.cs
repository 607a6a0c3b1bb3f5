namespace MindMuscle.Live.Relay.Ble;

/// <summary>The GATT services and characteristics the relay uses, as 128-bit UUIDs (Bluetooth SIG base + our vendor one).</summary>
public static class BleUuids
{
    public static readonly Guid HeartRateService = FromShortId(0x180D);
    public static readonly Guid RunningSpeedAndCadenceService = FromShortId(0x1814);
    public static readonly Guid CyclingPowerService = FromShortId(0x1818);
    public static readonly Guid BatteryService = FromShortId(0x180F);

    public static readonly Guid HeartRateMeasurement = FromShortId(0x2A37);
    public static readonly Guid BodySensorLocation = FromShortId(0x2A38);
    public static readonly Guid RscMeasurement = FromShortId(0x2A53);
    public static readonly Guid CyclingPowerMeasurement = FromShortId(0x2A63);
    public static readonly Guid BatteryLevel = FromShortId(0x2A19);

    /// <summary>
    /// The vendor Running Dynamics characteristic (ground contact, vertical oscillation, balance) in the RSC service; the
    /// same UUID as core/Gatt's <c>GattUuids.RunningDynamics</c> (docs/gatt.md).
    /// </summary>
    public static readonly Guid RunningDynamics = new("6d6d6c00-0001-4c69-7665-4d696e644d75");

    /// <summary>The sensor services a runner's relay scans for.</summary>
    public static IReadOnlyList<Guid> SensorServices { get; } = [HeartRateService, RunningSpeedAndCadenceService, CyclingPowerService];

    /// <summary>0000xxxx-0000-1000-8000-00805f9b34fb.</summary>
    public static Guid FromShortId(ushort shortId) => new($"0000{shortId:x4}-0000-1000-8000-00805f9b34fb");

    /// <summary>"180d" for SIG-base UUIDs, the full form otherwise.</summary>
    public static string Format(Guid uuid)
    {
        var text = uuid.ToString("D");
        return text.StartsWith("0000", StringComparison.Ordinal) && text.EndsWith("-0000-1000-8000-00805f9b34fb", StringComparison.Ordinal)
            ? text[4..8]
            : text;
    }
}
