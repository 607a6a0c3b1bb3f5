using MessagePack;
using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Tests.Live;

/// <summary>Pins the MessagePack wire form documented in docs/protocol.md: maps keyed by C# property names, enums as C# member-name strings
/// (SignalR's default resolver; not ints, and not the camelCase JSON names).</summary>
public sealed class MessagePackWireTests
{
    [Fact]
    public void Serialize_SampleAndCue_PropertyNameKeysAndEnumsAsMemberNames()
    {
        var options = new MessagePackHubProtocolOptions().SerializerOptions;
        var ct = TestContext.Current.CancellationToken;

        var sample = MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(new MetricSample { Seq = 7, ObservedAt = 1000, CadenceSpm = 180 }, options, ct), cancellationToken: ct);
        var cue = MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(new CueMessage { CueId = "c-1", Priority = CuePriority.High, Source = CueSource.Auto }, options, ct), cancellationToken: ct);

        Assert.Contains("\"Seq\":7", sample, StringComparison.Ordinal);
        Assert.Contains("\"CadenceSpm\":180", sample, StringComparison.Ordinal);
        Assert.Contains("\"HeartRateBpm\":null", sample, StringComparison.Ordinal);
        Assert.Contains("\"Priority\":\"High\"", cue, StringComparison.Ordinal);
        Assert.Contains("\"Source\":\"Auto\"", cue, StringComparison.Ordinal);
    }
}
