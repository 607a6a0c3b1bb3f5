namespace MindMuscle.Live.Core.Gatt;

/// <summary>A decoded Battery Level (0x2A19): uint8 percent.</summary>
public readonly struct BatteryLevel
{
    public byte Percent { get; init; }

    internal GattWarnings DecodeWarnings { get; init; }

    public GattWarnings Warnings => DecodeWarnings | (Percent > 100 ? GattWarnings.BatteryOutOfRange : GattWarnings.None);
}

/// <summary>Battery Level 0x2A19 (Battery Service BAS v1.0): one uint8, 0-100 %.</summary>
public static class BatteryLevelCodec
{
    public const int MaxEncodedLength = 1;

    public static bool TryDecode(ReadOnlySpan<byte> payload, out BatteryLevel value, out GattDecodeError error)
    {
        value = default;
        if (payload.IsEmpty)
        {
            error = GattDecodeError.Empty();
            return false;
        }

        error = default;
        value = new BatteryLevel
        {
            Percent = payload[0],
            DecodeWarnings = payload.Length > 1 ? GattWarnings.TrailingBytes : GattWarnings.None,
        };
        return true;
    }

    public static int Encode(in BatteryLevel value, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 1, nameof(destination));
        destination[0] = value.Percent;
        return 1;
    }
}
