using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// Wraps a SignalR protocol: a samples frame shared by a session's coaches (sent as its <see cref="SharedFrame"/>) is
/// serialised by the first send, as the plain <see cref="SamplesFrame"/> would be, and written from the bytes it keeps by
/// the others; every samples frame's size and serialisation time go to the meter. Everything else is the inner protocol's.
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
        if (IsFrame(message))
        {
            output.Write(Bytes((InvocationMessage)message).Span);
            return;
        }

        inner.WriteMessage(message, output);
    }

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) =>
        IsFrame(message) ? Bytes((InvocationMessage)message) : inner.GetMessageBytes(message);

    private static bool IsFrame(HubMessage message) =>
        message is InvocationMessage { Target: LiveHubContract.Samples, Arguments: [SamplesFrame or SharedFrame] };

    private ReadOnlyMemory<byte> Bytes(InvocationMessage message)
    {
        var shared = message.Arguments[0] as SharedFrame;
        if (shared is not null && shared.TryGet(Name, out var cached))
        {
            metrics.FrameShared();
            return cached;
        }

        var started = time.GetTimestamp();
        var bytes = inner.GetMessageBytes(shared is null ? message : AsPlain(message, shared.Frame));
        metrics.FrameSerialized(Name, bytes.Length, time.GetElapsedTime(started).TotalMicroseconds);
        shared?.Set(Name, bytes);
        return bytes;
    }

    /// <summary>The message as the typed proxy would have made it for <paramref name="frame"/>: the wire bytes do not change.</summary>
    private static InvocationMessage AsPlain(InvocationMessage message, SamplesFrame frame) =>
        new(message.InvocationId, message.Target, [frame], message.StreamIds) { Headers = message.Headers };
}
