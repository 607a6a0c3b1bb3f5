using System.Net;
using System.Text;
using System.Text.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Web.Review;

namespace MindMuscle.Live.Web.Tests.Review;

/// <summary>The review API's state-at and share-link calls against canned hub answers.</summary>
public sealed class ReviewApiStateAndSharesTests
{
    private static readonly ReviewReader Coach = new("s1", "tok", IsShare: false, ScopedRunnerId: null);
    private static readonly ReviewReader ScopedShare = new("s1", "shr", IsShare: true, ScopedRunnerId: "r 2");
    private readonly Canned _hub = new();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStateAsync_ScopedShare_AsksForTheInstantAndItsRunner()
    {
        _hub.Answer = """{"at":5,"from":1,"to":9,"runners":[{"runnerId":"r 2","name":"Ben","sample":{"seq":3,"observedAt":4,"heartRateBpm":150}}]}""";

        var state = await CreateSut().GetStateAsync(ScopedShare, 5, Ct);

        Assert.Equal("/api/sessions/s1/state", _hub.Requests[0].RequestUri!.AbsolutePath);
        Assert.Equal("?at=5&runnerId=r%202", _hub.Requests[0].RequestUri!.Query);
        Assert.Equal((1L, 9L, 150), (state.From!.Value, state.To!.Value, state.Runners[0].Sample!.HeartRateBpm!.Value));
    }

    [Fact]
    public async Task CreateShareAsync_Coach_PostsTheRequestWithTheCoachsBearer()
    {
        _hub.Status = HttpStatusCode.Created;
        _hub.Answer = """{"shareId":"sh-1","url":"http://hub/sessions/s1/review#share=x","expiresAt":9}""";

        var created = await CreateSut().CreateShareAsync(Coach, new CreateShareRequest { ExpiresInHours = 24, RunnerId = "r1" }, Ct);

        Assert.Equal("sh-1", created.ShareId);
        var request = _hub.Requests[0];
        Assert.Equal((HttpMethod.Post, "/api/sessions/s1/shares", "Bearer tok"), (request.Method, request.RequestUri!.AbsolutePath, request.Headers.Authorization!.ToString()));
        using var body = JsonDocument.Parse(_hub.Bodies[0]!);
        Assert.Equal((24, "r1"), (body.RootElement.GetProperty("expiresInHours").GetInt32(), body.RootElement.GetProperty("runnerId").GetString()));
    }

    [Fact]
    public async Task RevokeShareAsync_NoContent_Succeeds_AndAHubRefusalSaysWhy()
    {
        _hub.Status = HttpStatusCode.NoContent;
        _hub.Answer = "";

        await CreateSut().RevokeShareAsync(Coach, "sh 1", Ct);
        _hub.Status = HttpStatusCode.NotFound;
        _hub.Answer = """{"status":404,"detail":"Session 's1' has no share 'sh-9'; list them with GET /api/sessions/s1/shares"}""";
        var ex = await Assert.ThrowsAsync<ReviewApiException>(() => CreateSut().RevokeShareAsync(Coach, "sh-9", Ct));

        Assert.Equal((HttpMethod.Delete, "/api/sessions/s1/shares/sh%201"), (_hub.Requests[0].Method, _hub.Requests[0].RequestUri!.AbsolutePath));
        Assert.Equal(ReviewApiFailure.NotFound, ex.Failure);
        Assert.StartsWith("Session 's1' has no share 'sh-9'", ex.Message, StringComparison.Ordinal);
    }

    private ReviewApi CreateSut() => new(new HttpClient(_hub) { BaseAddress = new Uri("http://hub.test/") });

    private sealed class Canned : HttpMessageHandler
    {
        public string Answer { get; set; } = "[]";

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public List<HttpRequestMessage> Requests { get; } = [];

        public List<string?> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            Bodies.Add(request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(Status) { Content = new StringContent(Answer, Encoding.UTF8, "application/json") };
        }
    }
}
