using System.Runtime.CompilerServices;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// Samples frames that several coaches of a session are sent as the same object, with the bytes each protocol made of
/// them the first time (<see cref="FrameSharingProtocol"/>): a session's coaches cost one serialisation per protocol.
/// </summary>
internal static class SharedFrames
{
    private static readonly ConditionalWeakTable<SamplesFrame, Bytes> Serialised = [];

    public static SamplesFrame Create(string sessionId, string runnerId, MetricSample[] samples)
    {
        var frame = new SamplesFrame { SessionId = sessionId, Runners = [new RunnerSamples { RunnerId = runnerId, Samples = samples }] };
        Serialised.Add(frame, new Bytes());
        return frame;
    }

    /// <summary>The cache of a shared frame, or null for a frame made for one coach.</summary>
    public static Bytes? Find(SamplesFrame frame) => Serialised.TryGetValue(frame, out var bytes) ? bytes : null;

    /// <summary>One frame's bytes per protocol (two protocols at most: JSON and MessagePack).</summary>
    internal sealed class Bytes
    {
        private readonly Lock _gate = new();
        private (string Protocol, ReadOnlyMemory<byte> Bytes)? _first;
        private (string Protocol, ReadOnlyMemory<byte> Bytes)? _second;

        public bool TryGet(string protocol, out ReadOnlyMemory<byte> bytes)
        {
            lock (_gate)
            {
                if (_first is { } a && a.Protocol == protocol)
                {
                    bytes = a.Bytes;
                    return true;
                }

                if (_second is { } b && b.Protocol == protocol)
                {
                    bytes = b.Bytes;
                    return true;
                }
            }

            bytes = default;
            return false;
        }

        public void Set(string protocol, ReadOnlyMemory<byte> bytes)
        {
            lock (_gate)
            {
                if (_first is null || _first.Value.Protocol == protocol)
                {
                    _first = (protocol, bytes);
                }
                else
                {
                    _second = (protocol, bytes);
                }
            }
        }
    }
}
