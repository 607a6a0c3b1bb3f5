using System.Runtime.InteropServices;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// The <see cref="PackedSamples"/> bytes of a samples frame. A frame shared by a session's coaches
/// (<see cref="SharedFrame"/>) is encoded by the first packed coach's send and the others send the same array.
/// </summary>
internal static class PackedFrames
{
    public const string MeterProtocol = "packed";

    /// <summary>The bytes of a frame made for one coach, encoded each time.</summary>
    public static byte[] Bytes(SamplesFrame frame, HubMetrics metrics, TimeProvider time) => Bytes(frame, null, metrics, time);

    /// <summary>The bytes of a shared frame, encoded by the first caller and kept with it for the others.</summary>
    public static byte[] Bytes(SharedFrame shared, HubMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(shared);
        return Bytes(shared.Frame, shared, metrics, time);
    }

    private static byte[] Bytes(SamplesFrame frame, SharedFrame? shared, HubMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        if (shared is not null && shared.TryGet(MeterProtocol, out var cached) && AsArray(cached) is { } array)
        {
            metrics.FrameShared();
            return array;
        }

        var started = time.GetTimestamp();
        var bytes = PackedSamples.Write(frame);
        metrics.FrameSerialized(MeterProtocol, bytes.Length, time.GetElapsedTime(started).TotalMicroseconds);
        return shared is null ? bytes : AsArray(shared.GetOrSet(MeterProtocol, bytes)) ?? bytes;
    }

    /// <summary>The whole array behind <paramref name="bytes"/> (the packed entry always stores one), else null.</summary>
    private static byte[]? AsArray(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : null;
}
