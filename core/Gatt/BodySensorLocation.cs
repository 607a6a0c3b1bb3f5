namespace MindMuscle.Live.Core.Gatt;

/// <summary>Body Sensor Location values (HRS v1.0); 7-255 are reserved.</summary>
public enum BodySensorLocation : byte
{
    Other = 0,
    Chest = 1,
    Wrist = 2,
    Finger = 3,
    Hand = 4,
    EarLobe = 5,
    Foot = 6,
}

/// <summary>A decoded Body Sensor Location (0x2A38). A reserved value is kept as its raw number and flagged.</summary>
public readonly struct BodySensorLocationReading
{
    public BodySensorLocation Location { get; init; }

    internal GattWarnings DecodeWarnings { get; init; }

    public bool IsReserved => (byte)Location > (byte)BodySensorLocation.Foot;

    public GattWarnings Warnings => DecodeWarnings | (IsReserved ? GattWarnings.BodySensorLocationReserved : GattWarnings.None);

    /// <summary>camelCase name ("chest", "earLobe"), or "reserved(7)" for reserved values.</summary>
    public string Name => Location switch
    {
        BodySensorLocation.Other => "other",
        BodySensorLocation.Chest => "chest",
        BodySensorLocation.Wrist => "wrist",
        BodySensorLocation.Finger => "finger",
        BodySensorLocation.Hand => "hand",
        BodySensorLocation.EarLobe => "earLobe",
        BodySensorLocation.Foot => "foot",
        _ => $"reserved({(byte)Location})",
    };
}

/// <summary>Body Sensor Location 0x2A38 (Heart Rate Service HRS v1.0): one uint8 enumeration.</summary>
public static class BodySensorLocationCodec
{
    public const int MaxEncodedLength = 1;

    public static bool TryDecode(ReadOnlySpan<byte> payload, out BodySensorLocationReading value, out GattDecodeError error)
    {
        value = default;
        if (payload.IsEmpty)
        {
            error = GattDecodeError.Empty();
            return false;
        }

        error = default;
        value = new BodySensorLocationReading
        {
            Location = (BodySensorLocation)payload[0],
            DecodeWarnings = payload.Length > 1 ? GattWarnings.TrailingBytes : GattWarnings.None,
        };
        return true;
    }

    public static int Encode(in BodySensorLocationReading value, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 1, nameof(destination));
        destination[0] = (byte)value.Location;
        return 1;
    }
}
