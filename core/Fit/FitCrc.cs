namespace MindMuscle.Live.Core.Fit;

/// <summary>The FIT protocol's CRC-16 (polynomial 0xA001, four bits at a time), over the header's first 12 bytes and over the file.</summary>
public static class FitCrc
{
    private static readonly ushort[] Table =
    [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
        0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];

    public static ushort Compute(ReadOnlySpan<byte> bytes, ushort crc = 0)
    {
        foreach (var b in bytes)
        {
            var tmp = Table[crc & 0xF];
            crc = (ushort)((crc >> 4) & 0x0FFF);
            crc = (ushort)(crc ^ tmp ^ Table[b & 0xF]);
            tmp = Table[crc & 0xF];
            crc = (ushort)((crc >> 4) & 0x0FFF);
            crc = (ushort)(crc ^ tmp ^ Table[(b >> 4) & 0xF]);
        }

        return crc;
    }
}
