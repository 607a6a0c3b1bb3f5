using System.Buffers.Binary;
using MindMuscle.Live.Core.Fit;

namespace MindMuscle.Live.Core.Tests.Fit;

/// <summary>Hand-made FIT files for the reader's edge cases: any header size, architecture, developer fields, compressed timestamps.</summary>
internal sealed class FitBytes
{
    private readonly List<byte> _data = [];

    public FitBytes Define(int local, ushort global, bool bigEndian, (byte Num, byte Size, byte Type)[] fields, (byte Num, byte Size, byte Index)[]? developer = null)
    {
        _data.Add((byte)(0x40 | (developer is null ? 0 : 0x20) | local));
        _data.Add(0);
        _data.Add(bigEndian ? (byte)1 : (byte)0);
        var g = new byte[2];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(g, global);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(g, global);
        }

        _data.AddRange(g);
        _data.Add((byte)fields.Length);
        foreach (var (num, size, type) in fields)
        {
            _data.AddRange([num, size, type]);
        }

        if (developer is not null)
        {
            _data.Add((byte)developer.Length);
            foreach (var (num, size, index) in developer)
            {
                _data.AddRange([num, size, index]);
            }
        }

        return this;
    }

    public FitBytes Message(int local, params byte[] fieldBytes)
    {
        _data.Add((byte)local);
        _data.AddRange(fieldBytes);
        return this;
    }

    /// <summary>A data message with a compressed timestamp header (local type 0-3, 5-bit time offset).</summary>
    public FitBytes Compressed(int local, int offset, params byte[] fieldBytes)
    {
        _data.Add((byte)(0x80 | (local << 5) | (offset & 0x1F)));
        _data.AddRange(fieldBytes);
        return this;
    }

    public FitBytes Raw(params byte[] bytes)
    {
        _data.AddRange(bytes);
        return this;
    }

    public byte[] ToFile(int headerSize = 14, bool headerCrc = true)
    {
        var file = new byte[headerSize + _data.Count + 2];
        file[0] = (byte)headerSize;
        file[1] = 0x10;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(2), 2093);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)_data.Count);
        ".FIT"u8.CopyTo(file.AsSpan(8));
        if (headerSize >= 14 && headerCrc)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(12), FitCrc.Compute(file.AsSpan(0, 12)));
        }

        _data.CopyTo(file, headerSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(file.Length - 2), FitCrc.Compute(file.AsSpan(0, file.Length - 2)));
        return file;
    }

    public static byte[] U16(ushort v, bool bigEndian = false)
    {
        var b = new byte[2];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }

        return b;
    }

    public static byte[] U32(uint v, bool bigEndian = false)
    {
        var b = new byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }

        return b;
    }

    /// <summary>Recomputes both CRCs of a (possibly mutated) single file in place, when its sizes allow.</summary>
    public static void FixCrcs(byte[] file)
    {
        if (file.Length < 14 || file[0] < 12)
        {
            return;
        }

        if (file[0] >= 14 && file.Length >= 14)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(12), FitCrc.Compute(file.AsSpan(0, 12)));
        }

        var end = (long)file[0] + BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4));
        if (end + 2 <= file.Length)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan((int)end), FitCrc.Compute(file.AsSpan(0, (int)end)));
        }
    }
}
