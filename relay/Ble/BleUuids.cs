using MindMuscle.Live.Core.Gatt;

namespace MindMuscle.Live.Relay.Ble;

/// <summary>The GATT services and characteristics the relay uses, as 128-bit UUIDs (Bluetooth SIG base + our vendor one).</summary>
internal static class BleUuids
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

    /// <summary>The vendor Running Dynamics characteristic (ground contact, vertical oscillation, balance) in the RSC service (docs/gatt.md).</summary>
    public static readonly Guid RunningDynamics = GattUuids.RunningDynamics;

    /// <summary>The sensor services a runner's relay scans for.</summary>
    public static IReadOnlyList<Guid> SensorServices { get; } = [HeartRateService, RunningSpeedAndCadenceService, CyclingPowerService];

    /// <summary>0000xxxx-0000-1000-8000-00805f9b34fb.</summary>
    public static Guid FromShortId(ushort shortId) => GattUuids.FromShortId(shortId);

    /// <summary>"180d" for SIG-base UUIDs, the full form otherwise.</summary>
    public static string Format(Guid uuid) => GattUuids.Format(uuid);
}
