using System.Net;
using System.Text;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

/// <summary>The recording reader against canned hub answers (the real hub is the end-to-end tests' part).</summary>
public sealed class RecordedSamplesTests
{
    private readonly CannedHub _hub = new();

    [Fact]
    public async Task ReadMarkersAsync_ReadsTheHubsListWithTheCoachToken()
    {
        _hub.Answer = """[{"markerId":1,"sessionId":"s1","kind":"repStart","at":10},{"markerId":2,"sessionId":"s1","kind":"note","runnerId":"r1","at":20,"text":"wind"}]""";

        var markers = await CreateSut().ReadMarkersAsync("s1", "tok", Xunit.TestContext.Current.CancellationToken);

        Assert.Equal([MarkerKind.RepStart, MarkerKind.Note], markers.Select(m => m.Kind));
        Assert.Equal("wind", markers[1].Text);
        Assert.Equal("/api/sessions/s1/markers", _hub.Request!.RequestUri!.AbsolutePath);
        Assert.Equal("Bearer tok", _hub.Request.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task ReadRepsAsync_ReadsEachRunnersReps()
    {
        _hub.Answer = """[{"runnerId":"r1","name":"Ana","reps":[{"rep":1,"durationS":160,"paceSecPerKm":200,"hrDrop60Bpm":38}]}]""";

        var reps = await CreateSut().ReadRepsAsync("s1", "tok", Xunit.TestContext.Current.CancellationToken);

        var rep = Assert.Single(Assert.Single(reps).Reps);
        Assert.Equal((1, 200.0, 38), (rep.Number, rep.PaceSecPerKm!.Value, rep.HrDrop60Bpm!.Value));
    }

    [Fact]
    public async Task ReadAsync_KeepsTheAskedSeqRangeInOrder()
    {
        _hub.Answer = """[{"runnerId":"r1","samples":[{"seq":4,"observedAt":4},{"seq":2,"observedAt":2},{"seq":3,"observedAt":3},{"seq":9,"observedAt":9}]}]""";

        var samples = await CreateSut().ReadAsync("s1", "r1", 2, 4, 0, "tok", Xunit.TestContext.Current.CancellationToken);

        Assert.Equal([2L, 3, 4], samples.Select(s => s.Seq));
        Assert.Equal("?runnerId=r1&from=0", _hub.Request!.RequestUri!.Query);
    }

    [Fact]
    public async Task ReadMarkersAsync_HubRefuses_Throws()
    {
        _hub.Status = HttpStatusCode.Forbidden;

        await Assert.ThrowsAsync<HttpRequestException>(() => CreateSut().ReadMarkersAsync("s1", "tok", Xunit.TestContext.Current.CancellationToken));
    }

    private RecordedSamples CreateSut() => new(new HttpClient(_hub) { BaseAddress = new Uri("http://hub.test/") });

    private sealed class CannedHub : HttpMessageHandler
    {
        public string Answer { get; set; } = "[]";

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(Status) { Content = new StringContent(Answer, Encoding.UTF8, "application/json") });
        }
    }
}
