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

    /// <summary>Makes <paramref name="frame"/> (built once for several coaches) keep its bytes per protocol.</summary>
    public static SamplesFrame Share(SamplesFrame frame)
    {
        Serialised.AddOrUpdate(frame, new Bytes());
        return frame;
    }

    /// <summary>The cache of a shared frame, or null for a frame made for one coach.</summary>
    public static Bytes? Find(SamplesFrame frame) => Serialised.TryGetValue(frame, out var bytes) ? bytes : null;

    /// <summary>One frame's bytes per format: JSON, MessagePack and the packed samples at most.</summary>
    internal sealed class Bytes
    {
        private const int Formats = 3;
        private readonly Lock _gate = new();
        private readonly (string Protocol, ReadOnlyMemory<byte> Bytes)[] _formats = new (string, ReadOnlyMemory<byte>)[Formats];
        private int _count;

        public bool TryGet(string protocol, out ReadOnlyMemory<byte> bytes)
        {
            lock (_gate)
            {
                var i = IndexOf(protocol);
                bytes = i >= 0 ? _formats[i].Bytes : default;
                return i >= 0;
            }
        }

        public void Set(string protocol, ReadOnlyMemory<byte> bytes)
        {
            lock (_gate)
            {
                Store(protocol, bytes);
            }
        }

        /// <summary>The bytes stored for <paramref name="protocol"/>, storing <paramref name="bytes"/> if none are: two coaches encoding at once send the same array.</summary>
        public ReadOnlyMemory<byte> GetOrSet(string protocol, ReadOnlyMemory<byte> bytes)
        {
            lock (_gate)
            {
                var i = IndexOf(protocol);
                if (i >= 0)
                {
                    return _formats[i].Bytes;
                }

                Store(protocol, bytes);
                return bytes;
            }
        }

        private int IndexOf(string protocol)
        {
            for (var i = 0; i < _count; i++)
            {
                if (string.Equals(_formats[i].Protocol, protocol, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        private void Store(string protocol, ReadOnlyMemory<byte> bytes)
        {
            var i = IndexOf(protocol);
            if (i >= 0)
            {
                _formats[i].Bytes = bytes;
            }
            else if (_count < Formats)
            {
                _formats[_count++] = (protocol, bytes);
            }

            // A fourth format is not cached: its coaches serialise their own copy, which is still correct.
        }
    }
}
