using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// Wraps a SignalR protocol: a samples frame shared by a session's coaches (<see cref="SharedFrames"/>) is serialised
/// by the first send and written from those bytes by the others; every samples frame's size and serialisation time
/// go to the meter. Everything else is the inner protocol's.
/// </summary>
internal sealed class FrameSharingProtocol(IHubProtocol inner, HubMetrics metrics, TimeProvider time) : IHubProtocol
{
    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        inner.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Frame(message) is { } frame)
        {
            output.Write(Bytes(message, frame).Span);
            return;
        }

        inner.WriteMessage(message, output);
    }

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) =>
        Frame(message) is { } frame ? Bytes(message, frame) : inner.GetMessageBytes(message);

    private static SamplesFrame? Frame(HubMessage message) =>
        message is InvocationMessage { Target: LiveHubContract.Samples, Arguments: [SamplesFrame frame] } ? frame : null;

    private ReadOnlyMemory<byte> Bytes(HubMessage message, SamplesFrame frame)
    {
        var shared = SharedFrames.Find(frame);
        if (shared is not null && shared.TryGet(Name, out var cached))
        {
            metrics.FrameShared();
            return cached;
        }

        var started = time.GetTimestamp();
        var bytes = inner.GetMessageBytes(message);
        metrics.FrameSerialized(Name, bytes.Length, time.GetElapsedTime(started).TotalMicroseconds);
        shared?.Set(Name, bytes);
        return bytes;
    }
}
