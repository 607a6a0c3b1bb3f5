namespace MindMuscle.Live.Core.Gatt;

/// <summary>Bounds checks that turn "not enough bytes" into a typed error instead of an exception.</summary>
internal static class GattSpan
{
    public static bool Has(ReadOnlySpan<byte> payload, int offset, int size, string field, out GattDecodeError error)
    {
        var left = payload.Length - offset;
        if (left >= size)
        {
            error = default;
            return true;
        }

        error = GattDecodeError.Truncated(field, offset, size, Math.Max(left, 0));
        return false;
    }
}
