using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MessagePack;
using MessagePack.Formatters;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// A samples frame that several coaches of a session are sent as the same object, holding the bytes each protocol made
/// of it the first time (<see cref="FrameSharingProtocol"/>, <see cref="PackedFrames"/>): a session's coaches cost one
/// serialisation per protocol. Its owner (<see cref="SessionChunk"/>, <see cref="FrameCut"/>) holds it and a coach's send
/// passes it as the argument (<see cref="ISharedFrameClient"/>), so the bytes are found on it: no weak table whose
/// dependent handles every GC scans and whose old containers wait for finalisation. Any protocol that does not know it
/// writes it as exactly its <see cref="Frame"/> (JSON converter, MessagePack formatter).
/// </summary>
[JsonConverter(typeof(SharedFrameJsonConverter))]
[MessagePackFormatter(typeof(SharedFrameMessagePackFormatter))]
internal sealed class SharedFrame(SamplesFrame frame)
{
    private const int Formats = 3;
    private readonly Lock _gate = new();
    private FormatSlots _formats;
    private int _count;

    /// <summary>What goes on the wire.</summary>
    public SamplesFrame Frame { get; } = frame ?? throw new ArgumentNullException(nameof(frame));

    public static SharedFrame Create(string sessionId, string runnerId, MetricSample[] samples) =>
        new(new SamplesFrame { SessionId = sessionId, Runners = [new RunnerSamples { RunnerId = runnerId, Samples = samples }] });

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

    /// <summary>JSON, MessagePack and the packed samples at most, inside the frame object (no array of its own).</summary>
    [InlineArray(Formats)]
    private struct FormatSlots
    {
        private (string Protocol, ReadOnlyMemory<byte> Bytes) _slot;
    }
}

/// <summary>Writes a <see cref="SharedFrame"/> as its <see cref="SharedFrame.Frame"/>, with the options' own writer of that type.</summary>
internal sealed class SharedFrameJsonConverter : JsonConverter<SharedFrame>
{
    public override SharedFrame Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A shared frame is only written; a samples frame is read as a SamplesFrame");

    public override void Write(Utf8JsonWriter writer, SharedFrame value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        JsonSerializer.Serialize(writer, value.Frame, (JsonTypeInfo<SamplesFrame>)options.GetTypeInfo(typeof(SamplesFrame)));
    }
}

/// <summary>Writes a <see cref="SharedFrame"/> as its <see cref="SharedFrame.Frame"/>, with the options' own formatter of that type.</summary>
internal sealed class SharedFrameMessagePackFormatter : IMessagePackFormatter<SharedFrame>
{
    public void Serialize(ref MessagePackWriter writer, SharedFrame value, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        options.Resolver.GetFormatterWithVerify<SamplesFrame>().Serialize(ref writer, value.Frame, options);
    }

    public SharedFrame Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        throw new NotSupportedException("A shared frame is only written; a samples frame is read as a SamplesFrame");
}
