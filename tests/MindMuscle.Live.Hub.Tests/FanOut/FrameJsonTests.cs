using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.FanOut;

namespace MindMuscle.Live.Hub.Tests.FanOut;

/// <summary>Frames written with the JSON protocol options the real hub builds, against SignalR's default serializer.</summary>
public sealed class FrameJsonTests(HostJsonProtocolFixture host) : IClassFixture<HostJsonProtocolFixture>
{
    [Fact]
    public void WriteMessage_SamplesFrame_SameBytesAsSignalRsDefaultSerializer()
    {
        var message = new InvocationMessage(LiveHubContract.Samples, [Frame()]);

        Assert.Equal(Json(Default(), message), Json(Hub(), message));
    }

    [Fact]
    public void WriteMessage_PublishAck_SameBytesAsSignalRsDefaultSerializer()
    {
        var message = CompletionMessage.WithResult("7", new PublishAck { UpTo = 42, HubTime = 1_765_000_000_123, Accepted = 3, Duplicates = 1 });

        Assert.Equal(Json(Default(), message), Json(Hub(), message));
    }

    [Fact]
    public void TryParseMessage_PublishOfSamples_ReadAsBeforeWithGeneratedWriters()
    {
        var batch = new SampleBatch { Samples = Frame().Runners[0].Samples };
        var bytes = Json(Default(), new InvocationMessage("1", "Publish", [batch]));
        var sequence = new System.Buffers.ReadOnlySequence<byte>(bytes);

        Assert.True(Hub().TryParseMessage(ref sequence, new Binder(), out var parsed));

        var read = Assert.IsType<SampleBatch>(Assert.IsType<InvocationMessage>(parsed).Arguments[0]);
        // Records compare arrays by reference: written again, the batch read must give the bytes it was read from.
        Assert.Equal(bytes, Json(Default(), new InvocationMessage("1", "Publish", [read])));
    }

    [Fact]
    public void HostOptions_FramesAndAcks_FromTheGeneratedContextAndBatchesNot()
    {
        var options = host.Options.PayloadSerializerOptions;

        Assert.Same(FrameJsonContext.Default, options.GetTypeInfo(typeof(SamplesFrame)).OriginatingResolver);
        Assert.Same(FrameJsonContext.Default, options.GetTypeInfo(typeof(PublishAck)).OriginatingResolver);
        Assert.NotSame(FrameJsonContext.Default, options.GetTypeInfo(typeof(SampleBatch)).OriginatingResolver);
    }

    private static JsonHubProtocol Default() => new(Options.Create(new JsonHubProtocolOptions()));

    private JsonHubProtocol Hub() => new(Options.Create(host.Options));

    private static byte[] Json(JsonHubProtocol protocol, HubMessage message) => protocol.GetMessageBytes(message).ToArray();

    /// <summary>Every field of a sample set, unset (null) and at awkward values: what the wire contract must keep.</summary>
    private static SamplesFrame Frame() => new()
    {
        SessionId = "session \"1\" é",
        Dropped = 3,
        Runners =
        [
            new RunnerSamples
            {
                RunnerId = "r<1>",
                Samples =
                [
                    new MetricSample
                    {
                        Seq = 1, ObservedAt = 1_765_000_000_000, HeartRateBpm = 151, RrIntervalsMs = [398.5, 401, 0.1],
                        CadenceSpm = 181.25, SpeedMps = 4.1, StrideLengthM = 1.0 / 3, DistanceM = 1234.5678901234, PowerW = 287,
                        GroundContactMs = 231.5, VerticalOscillationCm = 8.2, GctBalanceLeftPct = 49.9, SensorContact = true,
                        BatteryPct = 88, Backfilled = true,
                    },
                    new MetricSample { Seq = 2, ObservedAt = 1_765_000_000_250, RrIntervalsMs = [], SpeedMps = 1e-7, DistanceM = 1e21 },
                    new MetricSample { Seq = 3, ObservedAt = 0, SensorContact = false },
                ],
            },
            new RunnerSamples { RunnerId = "b", Samples = [] },
        ],
    };

    private sealed class Binder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(SampleBatch)];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
