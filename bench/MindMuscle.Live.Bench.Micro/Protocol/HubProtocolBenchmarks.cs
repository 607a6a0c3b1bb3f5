using System.Buffers;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.Micro.Protocol;

/// <summary>
/// The hub's per-send cost on the wire: serializing one <c>Samples</c> frame (10 runners x 1 sample) into an
/// InvocationMessage, and (ingest side) parsing one runner's <c>Publish</c> of 1 sample, in JSON and MessagePack.
/// </summary>
[MemoryDiagnoser]
public class HubProtocolBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private IHubProtocol _protocol = null!;
    private InvocationMessage _frameMessage = null!;
    private ReadOnlySequence<byte> _publishBytes;

    [Params("json", "messagepack")]
    public string Protocol { get; set; } = "json";

    [GlobalSetup]
    public void Setup()
    {
        _protocol = Protocol == "json" ? new JsonHubProtocol() : new MessagePackHubProtocol();
        var frame = new SamplesFrame
        {
            SessionId = "s-7f3a9c2e",
            Runners = [.. Enumerable.Range(0, 10).Select(i => new RunnerSamples { RunnerId = $"r-{i:D4}", Samples = [Sample(1000 + i)] })],
        };
        _frameMessage = new InvocationMessage(LiveHubContract.Samples, [frame]);
        var publish = new InvocationMessage("1", LiveHubContract.Publish, [new SampleBatch { Samples = [Sample(42)] }]);
        _publishBytes = new ReadOnlySequence<byte>(_protocol.GetMessageBytes(publish).ToArray());
    }

    /// <summary>What the hub does once per coach per frame.</summary>
    [Benchmark]
    public int WriteSamplesFrame()
    {
        _buffer.ResetWrittenCount();
        _protocol.WriteMessage(_frameMessage, _buffer);
        return _buffer.WrittenCount;
    }

    /// <summary>What the hub does once per runner publish before validation.</summary>
    [Benchmark]
    public HubMessage? ParsePublish()
    {
        var input = _publishBytes;
        _protocol.TryParseMessage(ref input, PublishBinder.Instance, out var message);
        return message;
    }

    private static MetricSample Sample(long seq) => new()
    {
        Seq = seq,
        ObservedAt = 1_764_000_000_000 + (seq * 250),
        HeartRateBpm = 152,
        RrIntervalsMs = [391.6, 395.5],
        CadenceSpm = 178.5,
        SpeedMps = 4.21,
        StrideLengthM = 1.42,
        DistanceM = 2400.5,
        PowerW = 291,
        GroundContactMs = 236,
        VerticalOscillationCm = 8.2,
        GctBalanceLeftPct = 50.3,
        SensorContact = true,
        BatteryPct = 87,
    };

    /// <summary>Tells the protocol that Publish takes one SampleBatch (what the hub's dispatcher does from the method).</summary>
    private sealed class PublishBinder : IInvocationBinder
    {
        public static readonly PublishBinder Instance = new();

        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(SampleBatch)];

        public Type GetReturnType(string invocationId) => typeof(PublishAck);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
