using System.Runtime.InteropServices;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// The <see cref="PackedSamples"/> bytes of a samples frame. A frame shared by a session's coaches
/// (<see cref="SharedFrames"/>) is encoded by the first packed coach's send and the others send the same array.
/// </summary>
internal static class PackedFrames
{
    public const string MeterProtocol = "packed";

    public static byte[] Bytes(SamplesFrame frame, HubMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        var shared = SharedFrames.Find(frame);
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
