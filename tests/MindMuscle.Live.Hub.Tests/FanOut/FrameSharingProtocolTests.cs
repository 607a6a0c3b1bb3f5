using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Tests.FanOut;

public sealed class FrameSharingProtocolTests
{
    [Fact]
    public void WriteMessage_SharedFrameToTwoCoaches_SerialisedOnceSameBytesAsInner()
    {
        var (sut, inner) = CreateSut();
        var frame = SharedFrame.Create("s", "a", Samples(2));

        var first = Write(sut, new InvocationMessage(LiveHubContract.Samples, [frame]));
        var second = Write(sut, new InvocationMessage(LiveHubContract.Samples, [frame]));

        Assert.Equal(1, inner.Serialised);
        Assert.Equal(first, second);
        Assert.Equal(new JsonHubProtocol().GetMessageBytes(new InvocationMessage(LiveHubContract.Samples, [frame.Frame])).ToArray(), first);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void GetMessageBytes_SharedFrame_TheBytesOfItsFrameAndFoundOnItAfterwards(string protocol)
    {
        var plain = Protocol(protocol);
        var sut = new FrameSharingProtocol(plain, new HubMetrics(new TestMeterFactory()), TimeProvider.System);
        var frame = SharedFrame.Create("s", "a", Samples(3));
        var expected = plain.GetMessageBytes(new InvocationMessage(LiveHubContract.Samples, [frame.Frame])).ToArray();

        var bytes = sut.GetMessageBytes(new InvocationMessage(LiveHubContract.Samples, [frame])).ToArray();

        Assert.Equal(expected, bytes);
        Assert.True(frame.TryGet(plain.Name, out var kept));
        Assert.Equal(expected, kept.ToArray());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void InnerProtocol_SharedFrameArgument_WritesExactlyItsFramesBytes(string protocol)
    {
        // A protocol that is not wrapped (none should be) still puts the plain frame on the wire, not the wrapper.
        var plain = Protocol(protocol);
        var frame = SharedFrame.Create("s", "a", Samples(3));
        var expected = plain.GetMessageBytes(new InvocationMessage(LiveHubContract.Samples, [frame.Frame])).ToArray();

        var output = new ArrayBufferWriter<byte>();
        plain.WriteMessage(new InvocationMessage(LiveHubContract.Samples, [frame]), output);

        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    public static TheoryData<string> Protocols => ["json", "json-generated", "messagepack"];

    /// <summary>SignalR's protocols as the hub sets them up (the generated JSON writers: <see cref="FrameJson"/>) and as they come.</summary>
    private static IHubProtocol Protocol(string name)
    {
        switch (name)
        {
            case "json":
                return new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));
            case "json-generated":
                var options = new JsonHubProtocolOptions();
                FrameJson.Apply(options.PayloadSerializerOptions);
                return new JsonHubProtocol(Options.Create(options));
            default:
                return new MessagePackHubProtocol(Options.Create(new MessagePackHubProtocolOptions()));
        }
    }

    [Fact]
    public void WriteMessage_FrameOfOneCoach_SerialisedEachTime()
    {
        var (sut, inner) = CreateSut();
        var frame = new SamplesFrame { SessionId = "s", Runners = [new RunnerSamples { RunnerId = "a", Samples = Samples(1) }] };

        Write(sut, new InvocationMessage(LiveHubContract.Samples, [frame]));
        Write(sut, new InvocationMessage(LiveHubContract.Samples, [frame]));

        Assert.Equal(2, inner.Serialised);
    }

    [Fact]
    public void WriteMessage_OtherMessage_WrittenByInnerAsIs()
    {
        var (sut, inner) = CreateSut();
        var message = new InvocationMessage(LiveHubContract.RunnerStatus, [new RunnerStatusUpdate { RunnerId = "a", Name = "A" }]);

        var bytes = Write(sut, message);

        Assert.Equal(1, inner.Written);
        Assert.Equal(new JsonHubProtocol().GetMessageBytes(message).ToArray(), bytes);
    }

    private static (FrameSharingProtocol Sut, CountingProtocol Inner) CreateSut()
    {
        var inner = new CountingProtocol(new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions())));
        return (new FrameSharingProtocol(inner, new HubMetrics(new TestMeterFactory()), TimeProvider.System), inner);
    }

    private static byte[] Write(FrameSharingProtocol protocol, HubMessage message)
    {
        var output = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(message, output);
        return output.WrittenSpan.ToArray();
    }

    private static MetricSample[] Samples(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new MetricSample { Seq = i, ObservedAt = 1000 + i, HeartRateBpm = 150, RrIntervalsMs = [400.5, 401], CadenceSpm = 181.5 })];

    /// <summary>The real JSON protocol, counting how often it serialised.</summary>
    private sealed class CountingProtocol(IHubProtocol inner) : IHubProtocol
    {
        public int Serialised { get; private set; }

        public int Written { get; private set; }

        public string Name => inner.Name;

        public int Version => inner.Version;

        public TransferFormat TransferFormat => inner.TransferFormat;

        public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
            inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
        {
            Written++;
            inner.WriteMessage(message, output);
        }

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
        {
            Serialised++;
            return inner.GetMessageBytes(message);
        }
    }
}
