using System.Globalization;

namespace MindMuscle.Live.Core.Gatt;

public enum GattDecodeErrorCode
{
    None = 0,

    /// <summary>Zero bytes: not even the flags field.</summary>
    EmptyPayload = 1,

    /// <summary>A field the flags announce (or a mandatory field) does not fit in what is left of the payload.</summary>
    Truncated = 2,

    /// <summary>Flag bits the specification reserves for future use are set: the layout after them is unknown.</summary>
    ReservedFlagBits = 3,

    /// <summary>The characteristic UUID is not one we decode.</summary>
    UnsupportedCharacteristic = 4,
}

/// <summary>
/// Why a payload was rejected: a code, where (byte offset), and for truncation how many bytes the field needed and how
/// many were left. <see cref="Message"/> builds the human text on demand, so a rejection allocates nothing until read.
/// </summary>
public readonly record struct GattDecodeError(
    GattDecodeErrorCode Code, int Offset = 0, int Needed = 0, int Left = 0, string? Field = null, uint ReservedBits = 0)
{
    public static GattDecodeError Empty() => new(GattDecodeErrorCode.EmptyPayload);

    public static GattDecodeError Truncated(string field, int offset, int needed, int left) =>
        new(GattDecodeErrorCode.Truncated, offset, needed, left, field);

    public static GattDecodeError Reserved(uint bits) => new(GattDecodeErrorCode.ReservedFlagBits, 0, 0, 0, "flags", bits);

    /// <summary>e.g. "truncated: RR interval at byte 5 needs 2 bytes, 1 left".</summary>
    public string Message => Code switch
    {
        GattDecodeErrorCode.None => "no error",
        GattDecodeErrorCode.EmptyPayload => "empty payload",
        GattDecodeErrorCode.Truncated => string.Create(
            CultureInfo.InvariantCulture,
            $"truncated: {Field} at byte {Offset} needs {Needed} byte{(Needed == 1 ? "" : "s")}, {Left} left"),
        GattDecodeErrorCode.ReservedFlagBits => string.Create(
            CultureInfo.InvariantCulture, $"reserved flag bits set: 0x{ReservedBits:X2}"),
        GattDecodeErrorCode.UnsupportedCharacteristic => $"unsupported characteristic: {Field}",
        _ => Code.ToString(),
    };

    public override string ToString() => Message;
}
