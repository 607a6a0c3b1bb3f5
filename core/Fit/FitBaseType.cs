using System.Buffers.Binary;

namespace MindMuscle.Live.Core.Fit;

/// <summary>The FIT base types (the byte a definition message names per field) with their sizes and invalid values.</summary>
internal enum FitBaseType : byte
{
    Enum = 0x00,
    SInt8 = 0x01,
    UInt8 = 0x02,
    SInt16 = 0x83,
    UInt16 = 0x84,
    SInt32 = 0x85,
    UInt32 = 0x86,
    String = 0x07,
    Float32 = 0x88,
    Float64 = 0x89,
    UInt8z = 0x0A,
    UInt16z = 0x8B,
    UInt32z = 0x8C,
    Byte = 0x0D,
    SInt64 = 0x8E,
    UInt64 = 0x8F,
    UInt64z = 0x90,
}

internal static class FitBaseTypes
{
    /// <summary>The size of one value of the type, or 0 for a byte the profile does not define.</summary>
    public static int Size(byte baseType) => (FitBaseType)baseType switch
    {
        FitBaseType.Enum or FitBaseType.SInt8 or FitBaseType.UInt8 or FitBaseType.String or FitBaseType.UInt8z or FitBaseType.Byte => 1,
        FitBaseType.SInt16 or FitBaseType.UInt16 or FitBaseType.UInt16z => 2,
        FitBaseType.SInt32 or FitBaseType.UInt32 or FitBaseType.Float32 or FitBaseType.UInt32z => 4,
        FitBaseType.Float64 or FitBaseType.SInt64 or FitBaseType.UInt64 or FitBaseType.UInt64z => 8,
        _ => 0,
    };

    /// <summary>
    /// The first value of a field as a number, or null when it is the type's invalid value (missing), not a number
    /// type, or shorter than one value.
    /// </summary>
    public static double? Read(ReadOnlySpan<byte> field, byte baseType, bool bigEndian)
    {
        var size = Size(baseType);
        if (size == 0 || field.Length < size)
        {
            return null;
        }

        var v = field[..size];
        switch ((FitBaseType)baseType)
        {
            case FitBaseType.Enum or FitBaseType.UInt8 or FitBaseType.Byte:
                return v[0] == 0xFF ? null : v[0];
            case FitBaseType.UInt8z:
                return v[0] == 0 ? null : v[0];
            case FitBaseType.SInt8:
                return v[0] == 0x7F ? null : (sbyte)v[0];
            case FitBaseType.UInt16:
            {
                var x = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v);
                return x == 0xFFFF ? null : x;
            }

            case FitBaseType.UInt16z:
            {
                var x = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v);
                return x == 0 ? null : x;
            }

            case FitBaseType.SInt16:
            {
                var x = bigEndian ? BinaryPrimitives.ReadInt16BigEndian(v) : BinaryPrimitives.ReadInt16LittleEndian(v);
                return x == short.MaxValue ? null : x;
            }

            case FitBaseType.UInt32:
            {
                var x = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(v) : BinaryPrimitives.ReadUInt32LittleEndian(v);
                return x == uint.MaxValue ? null : x;
            }

            case FitBaseType.UInt32z:
            {
                var x = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(v) : BinaryPrimitives.ReadUInt32LittleEndian(v);
                return x == 0 ? null : x;
            }

            case FitBaseType.SInt32:
            {
                var x = bigEndian ? BinaryPrimitives.ReadInt32BigEndian(v) : BinaryPrimitives.ReadInt32LittleEndian(v);
                return x == int.MaxValue ? null : x;
            }

            case FitBaseType.Float32:
            {
                var bits = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(v) : BinaryPrimitives.ReadUInt32LittleEndian(v);
                var x = BitConverter.UInt32BitsToSingle(bits);
                return bits == uint.MaxValue || !float.IsFinite(x) ? null : x;
            }

            case FitBaseType.Float64:
            {
                var bits = bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(v) : BinaryPrimitives.ReadUInt64LittleEndian(v);
                var x = BitConverter.UInt64BitsToDouble(bits);
                return bits == ulong.MaxValue || !double.IsFinite(x) ? null : x;
            }

            case FitBaseType.SInt64:
            {
                var x = bigEndian ? BinaryPrimitives.ReadInt64BigEndian(v) : BinaryPrimitives.ReadInt64LittleEndian(v);
                return x == long.MaxValue ? null : x;
            }

            case FitBaseType.UInt64:
            {
                var x = bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(v) : BinaryPrimitives.ReadUInt64LittleEndian(v);
                return x == ulong.MaxValue ? null : x;
            }

            case FitBaseType.UInt64z:
            {
                var x = bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(v) : BinaryPrimitives.ReadUInt64LittleEndian(v);
                return x == 0 ? null : x;
            }

            default:
                return null;
        }
    }

    /// <summary>A string field: UTF-8 up to the first NUL; null when empty.</summary>
    public static string? ReadString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        var text = end < 0 ? field : field[..end];
        return text.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(text);
    }
}
