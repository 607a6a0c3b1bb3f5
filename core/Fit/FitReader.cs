using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace MindMuscle.Live.Core.Fit;

/// <summary>
/// Reads FIT activity files: 12- or 14-byte headers and both CRCs, definition and data messages (16 local types,
/// either architecture), compressed-timestamp headers, developer fields (skipped), chained files. Invalid values read
/// as null; scale and offset come from the profile for the fields we map (docs/fit.md). A malformed file is a
/// <see cref="FitReadError"/> naming the byte offset, never an exception.
/// </summary>
public static class FitReader
{
    public static bool TryRead(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out FitActivity? activity, out FitReadError error)
    {
        var state = new FitReadState();
        var position = 0;
        do
        {
            if (!TryReadFile(bytes, ref position, state, out error))
            {
                activity = null;
                return false;
            }
        }
        while (position < bytes.Length);

        activity = state.ToActivity();
        error = default;
        return true;
    }

    /// <summary>True when the bytes start with a FIT header (the header size and the ".FIT" signature).</summary>
    public static bool LooksLikeFit(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 12 && bytes[0] >= 12 && bytes.Length >= bytes[0] && bytes.Slice(8, 4).SequenceEqual(".FIT"u8);

    private static bool TryReadFile(ReadOnlySpan<byte> bytes, ref int position, FitReadState state, out FitReadError error)
    {
        var start = position;
        var rest = bytes[start..];
        if (!LooksLikeFit(rest))
        {
            error = new(FitReadErrorKind.NotFit, start, start == 0
                ? "not a FIT file (no 12- or 14-byte header with the .FIT signature)"
                : "bytes after the last file's CRC are not a chained FIT file");
            return false;
        }

        var headerSize = rest[0];
        if (rest[1] >> 4 > 2)
        {
            error = new(FitReadErrorKind.UnsupportedProtocol, start + 1, $"protocol version {rest[1] >> 4}.{rest[1] & 0xF}; 1.x and 2.x are read");
            return false;
        }

        if (headerSize >= 14)
        {
            var headerCrc = BinaryPrimitives.ReadUInt16LittleEndian(rest[12..]);
            if (headerCrc != 0 && headerCrc != FitCrc.Compute(rest[..12]))
            {
                error = new(FitReadErrorKind.HeaderCrc, start + 12, "the header is damaged");
                return false;
            }
        }

        long dataSize = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
        if (headerSize + dataSize + 2 > rest.Length)
        {
            error = new(FitReadErrorKind.Truncated, bytes.Length,
                $"the header announces {dataSize} bytes of data and a CRC, {rest.Length - headerSize} bytes follow it; the upload or copy was cut short");
            return false;
        }

        var end = headerSize + (int)dataSize;
        var fileCrc = BinaryPrimitives.ReadUInt16LittleEndian(rest[end..]);
        if (fileCrc != FitCrc.Compute(rest[..end]))
        {
            error = new(FitReadErrorKind.FileCrc, start + end, "the data does not match its CRC; the file is damaged, export it again from the watch");
            return false;
        }

        state.StartFile();
        var p = (int)headerSize;
        while (p < end)
        {
            if (!state.ReadMessage(rest[..end], ref p, start, out error))
            {
                return false;
            }
        }

        position = start + end + 2;
        error = default;
        return true;
    }
}
