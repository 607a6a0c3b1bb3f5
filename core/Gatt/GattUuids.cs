using System.Buffers.Binary;
using System.Globalization;

namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// The Bluetooth SIG 16-bit ids we read, the SIG base UUID they expand into, and our vendor UUIDs.
/// </summary>
public static class GattUuids
{
    public const ushort HeartRateService = 0x180D;
    public const ushort RunningSpeedAndCadenceService = 0x1814;
    public const ushort CyclingPowerService = 0x1818;
    public const ushort BatteryService = 0x180F;

    public const ushort HeartRateMeasurement = 0x2A37;
    public const ushort BodySensorLocation = 0x2A38;
    public const ushort RscMeasurement = 0x2A53;
    public const ushort CyclingPowerMeasurement = 0x2A63;
    public const ushort BatteryLevel = 0x2A19;

    /// <summary>0000xxxx-0000-1000-8000-00805f9b34fb: a 16-bit id sits in bytes 2-3 of this UUID.</summary>
    public static readonly Guid SigBase = new("00000000-0000-1000-8000-00805f9b34fb");

    /// <summary>
    /// Our vendor Running Dynamics characteristic (ground contact, vertical oscillation, balance), carried in the RSC
    /// service 0x1814 by our footpods. The tail spells "mml" + "Live" + "MindMu" in ASCII, so it never collides with a
    /// SIG-base UUID. See docs/gatt.md.
    /// </summary>
    public static readonly Guid RunningDynamics = new("6d6d6c00-0001-4c69-7665-4d696e644d75");

    /// <summary>Expands a 16-bit SIG id into its full 128-bit UUID.</summary>
    public static Guid FromShortId(ushort shortId)
    {
        Span<byte> bytes = stackalloc byte[16];
        SigBase.TryWriteBytes(bytes, bigEndian: true, out _);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], shortId);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The 16-bit id of a SIG-base UUID; false for vendor UUIDs (and any UUID with bytes 0-1 set).</summary>
    public static bool TryGetShortId(Guid uuid, out ushort shortId)
    {
        Span<byte> bytes = stackalloc byte[16];
        Span<byte> baseBytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        SigBase.TryWriteBytes(baseBytes, bigEndian: true, out _);
        if (bytes[0] == 0 && bytes[1] == 0 && bytes[4..].SequenceEqual(baseBytes[4..]))
        {
            shortId = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
            return true;
        }

        shortId = 0;
        return false;
    }

    /// <summary>
    /// Parses "2a37", "0x2A37", "00002a37" (32-bit SIG form) or a full 128-bit UUID (with or without dashes/braces)
    /// into its 128-bit form.
    /// </summary>
    public static bool TryParse(string? text, out Guid uuid)
    {
        uuid = Guid.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
        }

        if (s.Length is 4 && ushort.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var shortId))
        {
            uuid = FromShortId(shortId);
            return true;
        }

        if (s.Length is 8 && uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id32) && id32 <= ushort.MaxValue)
        {
            uuid = FromShortId((ushort)id32);
            return true;
        }

        return s.Length >= 32 && Guid.TryParse(s, out uuid);
    }

    /// <summary>Lower-case short form ("2a37") for SIG ids, the full "D" form otherwise.</summary>
    public static string Format(Guid uuid) =>
        TryGetShortId(uuid, out var shortId) ? shortId.ToString("x4", CultureInfo.InvariantCulture) : uuid.ToString("D");

    /// <summary>A human name for the characteristics and services we know, else null.</summary>
    public static string? NameOf(Guid uuid)
    {
        if (uuid == RunningDynamics)
        {
            return "MindMuscle Running Dynamics";
        }

        return TryGetShortId(uuid, out var id) ? id switch
        {
            HeartRateService => "Heart Rate",
            RunningSpeedAndCadenceService => "Running Speed and Cadence",
            CyclingPowerService => "Cycling Power",
            BatteryService => "Battery",
            HeartRateMeasurement => "Heart Rate Measurement",
            BodySensorLocation => "Body Sensor Location",
            RscMeasurement => "RSC Measurement",
            CyclingPowerMeasurement => "Cycling Power Measurement",
            BatteryLevel => "Battery Level",
            _ => null,
        } : null;
    }
}
