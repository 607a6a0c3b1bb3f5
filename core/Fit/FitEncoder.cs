using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MindMuscle.Live.Core.Fit;

/// <summary>One field of a definition message: its number, base type and size in bytes (a string's length).</summary>
internal readonly record struct FitField(byte Number, FitBaseType Type, byte Size = 0)
{
    public int Bytes => Size != 0 ? Size : FitBaseTypes.Size((byte)Type);
}

/// <summary>
/// Writes a FIT file little-endian: a 14-byte header (patched with the data size and its CRC at the end), definition
/// and data messages with normal headers, and the file CRC. The caller writes each data message's fields in the order
/// of its definition; a null value is written as the type's invalid value (missing).
/// </summary>
internal sealed class FitEncoder
{
    private const int HeaderSize = 14;
    private readonly ArrayBufferWriter<byte> _out = new(16 * 1024);

    public FitEncoder()
    {
        _out.GetSpan(HeaderSize)[..HeaderSize].Clear();
        _out.Advance(HeaderSize);
    }

    public void Define(byte localType, ushort globalMessage, ReadOnlySpan<FitField> fields)
    {
        var span = _out.GetSpan(6 + (3 * fields.Length));
        span[0] = (byte)(0x40 | (localType & 0x0F));
        span[1] = 0; // reserved
        span[2] = 0; // little-endian
        BinaryPrimitives.WriteUInt16LittleEndian(span[3..], globalMessage);
        span[5] = (byte)fields.Length;
        var n = 6;
        foreach (var f in fields)
        {
            span[n++] = f.Number;
            span[n++] = (byte)f.Bytes;
            span[n++] = (byte)f.Type;
        }

        _out.Advance(n);
    }

    public void Data(byte localType) => Byte((byte)(localType & 0x0F));

    public void Enum(int? value) => Byte(value is >= 0 and < 0xFF ? (byte)value : (byte)0xFF);

    public void UInt8(double? value, double scale = 1) => Byte(Scaled(value, scale, 0xFF) is { } v ? (byte)v : (byte)0xFF);

    public void UInt16(double? value, double scale = 1)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_out.GetSpan(2), Scaled(value, scale, 0xFFFF) is { } v ? (ushort)v : (ushort)0xFFFF);
        _out.Advance(2);
    }

    public void UInt32(double? value, double scale = 1)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_out.GetSpan(4), Scaled(value, scale, 0xFFFF_FFFF) is { } v ? (uint)v : uint.MaxValue);
        _out.Advance(4);
    }

    /// <summary>uint32z: 0 is the invalid value.</summary>
    public void UInt32z(long? value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_out.GetSpan(4), value is > 0 and <= uint.MaxValue ? (uint)value : 0u);
        _out.Advance(4);
    }

    public void DateTime(long? unixMs)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_out.GetSpan(4), unixMs is { } t && FitTime.FromUnixMs(t) is { } s ? s : uint.MaxValue);
        _out.Advance(4);
    }

    /// <summary>A string field of <paramref name="size"/> bytes: UTF-8, cut at a character boundary, NUL-padded.</summary>
    public void String(string? text, int size)
    {
        var span = _out.GetSpan(size)[..size];
        span.Clear();
        if (text is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var n = Math.Min(bytes.Length, size - 1);
            while (n > 0 && n < bytes.Length && (bytes[n] & 0xC0) == 0x80)
            {
                n--;
            }

            bytes.AsSpan(0, n).CopyTo(span);
        }

        _out.Advance(size);
    }

    /// <summary>Patches the header (data size, header CRC) and appends the file CRC.</summary>
    public byte[] Finish()
    {
        var bytes = new byte[_out.WrittenCount + 2];
        _out.WrittenSpan.CopyTo(bytes);
        bytes[0] = HeaderSize;
        bytes[1] = FitProfile.ProtocolVersion;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), FitProfile.ProfileVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(_out.WrittenCount - HeaderSize));
        ".FIT"u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(12), FitCrc.Compute(bytes.AsSpan(0, 12)));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(bytes.Length - 2), FitCrc.Compute(bytes.AsSpan(0, bytes.Length - 2)));
        return bytes;
    }

    /// <summary>The stored integer of a physical value, or null (invalid) when missing, not finite, negative or out of the type's range.</summary>
    internal static ulong? Scaled(double? value, double scale, ulong invalid)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return null;
        }

        var stored = Math.Round(v * scale, MidpointRounding.AwayFromZero);
        return stored >= 0 && stored < invalid ? (ulong)stored : null;
    }

    private void Byte(byte value)
    {
        _out.GetSpan(1)[0] = value;
        _out.Advance(1);
    }
}
