using System.Text.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Markers;
using MindMuscle.Live.Hub.Tests.FanOut;

namespace MindMuscle.Live.Hub.Tests.Markers;

/// <summary>A marker's kind on the JSON hub protocol, with the payload options the real hub builds.</summary>
public sealed class LenientMarkerKindTests(HostJsonProtocolFixture host) : IClassFixture<HostJsonProtocolFixture>
{
    [Theory]
    [InlineData("\"split\"", LenientMarkerKindConverter.Unknown)]
    [InlineData("9", (MarkerKind)9)]
    [InlineData("\"REPEND\"", MarkerKind.RepEnd)]
    [InlineData("\"RepStart\"", MarkerKind.RepStart)]
    [InlineData("\"note\"", MarkerKind.Note)]
    public void Read_MarkerRequestKind_UnknownReadAsSuchInsteadOfFailing(string kind, MarkerKind expected)
    {
        var request = JsonSerializer.Deserialize<MarkerRequest>($$"""{"kind": {{kind}}}""", host.Options.PayloadSerializerOptions);

        Assert.Equal(expected, request!.Kind);
    }

    [Fact]
    public void Read_MarkerRequestKindObject_JsonExceptionNamingTheNames()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<MarkerRequest>("""{"kind": {}}""", host.Options.PayloadSerializerOptions));

        Assert.Contains("\"repStart\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SessionMarker_KindAsTheContractsName()
    {
        var json = JsonSerializer.Serialize(new SessionMarker { MarkerId = 1, SessionId = "s", Kind = MarkerKind.RepStart, At = 5 }, host.Options.PayloadSerializerOptions);

        Assert.Equal("""{"markerId":1,"sessionId":"s","kind":"repStart","runnerId":null,"at":5,"text":null}""", json);
    }
}
