using System.Runtime.CompilerServices;
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

    private static readonly ConditionalWeakTable<SamplesFrame, byte[]> Encoded = [];

    public static byte[] Bytes(SamplesFrame frame, HubMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        var shared = SharedFrames.Find(frame) is not null;
        if (shared && Encoded.TryGetValue(frame, out var cached))
        {
            metrics.FrameShared();
            return cached;
        }

        var started = time.GetTimestamp();
        var bytes = PackedSamples.Write(frame);
        metrics.FrameSerialized(MeterProtocol, bytes.Length, time.GetElapsedTime(started).TotalMicroseconds);
        // Two coaches encoding the same frame at once both succeed; the first array stored is the one the rest reuse.
        return shared ? Encoded.GetValue(frame, _ => bytes) : bytes;
    }
}
