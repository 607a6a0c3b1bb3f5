using System.Net;
using System.Text;
using MindMuscle.Live.Web.Review;

namespace MindMuscle.Live.Web.Tests.Review;

/// <summary>The review reader's calls against canned hub answers (the real hub is the end-to-end tests' part).</summary>
public sealed class ReviewApiTests
{
    private static readonly ReviewReader Coach = new("s1", "tok", IsShare: false, ScopedRunnerId: null);
    private static readonly ReviewReader ScopedShare = new("s1", "shr", IsShare: true, ScopedRunnerId: "r 2");
    private readonly CannedHub _hub = new();

    [Fact]
    public async Task GetSeriesAsync_SeveralRunners_AsksOnceWithEveryRunnerAndTheRange()
    {
        _hub.Answer = """[{"runnerId":"r1","metric":"cadenceSpm","points":[{"t":10,"min":170,"max":180,"mean":175,"n":4}]},{"runnerId":"r2","metric":"cadenceSpm","points":[]}]""";

        var series = await CreateSut().GetSeriesAsync(Coach, ["r1", "r2"], "cadenceSpm", 5, 50, 300, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(["r1", "r2"], series.Select(s => s.RunnerId));
        Assert.Equal(180, Assert.Single(series[0].Points).Max);
        Assert.Equal("/api/sessions/s1/series", _hub.Request!.RequestUri!.AbsolutePath);
        Assert.Equal("?runnerId=r1&runnerId=r2&metric=cadenceSpm&points=300&from=5&to=50", _hub.Request.RequestUri.Query);
        Assert.Equal("Bearer tok", _hub.Request.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task GetSeriesAsync_OneRunner_ReadsTheSingleObject()
    {
        _hub.Answer = """{"runnerId":"r1","metric":"powerW","points":[{"t":1,"min":2,"max":3,"mean":2.5,"n":2}]}""";

        var series = await CreateSut().GetSeriesAsync(Coach, ["r1"], "powerW", null, null, 500, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(2.5, Assert.Single(Assert.Single(series).Points).Mean);
        Assert.Equal("?runnerId=r1&metric=powerW&points=500", _hub.Request!.RequestUri!.Query);
    }

    [Fact]
    public async Task GetAlertsAsync_ScopedShare_NamesItsRunner()
    {
        await CreateSut().GetAlertsAsync(ScopedShare, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal("?runnerId=r%202", _hub.Request!.RequestUri!.Query);
        Assert.Equal("Bearer shr", _hub.Request.Headers.Authorization!.ToString());
    }

    [Theory]
    [InlineData("This share link was revoked at 2026-12-07 10:00 UTC; ask the coach for a new link", ReviewApiFailure.Revoked)]
    [InlineData("This share link expired at 2026-12-07 10:00 UTC; ask the coach for a new link", ReviewApiFailure.Expired)]
    public async Task GetCuesAsync_ShareRefused_SaysWhyInTheHubsWords(string detail, ReviewApiFailure failure)
    {
        _hub.Status = HttpStatusCode.Unauthorized;
        _hub.Answer = $$"""{"status":401,"detail":"{{detail}}"}""";

        var ex = await Assert.ThrowsAsync<ReviewApiException>(() => CreateSut().GetCuesAsync(ScopedShare, Xunit.TestContext.Current.CancellationToken));

        Assert.Equal((failure, detail), (ex.Failure, ex.Message));
    }

    [Fact]
    public async Task GetMarkersAsync_CoachRefused_AsksToSignIn()
    {
        _hub.Status = HttpStatusCode.Unauthorized;
        _hub.Answer = "";

        var ex = await Assert.ThrowsAsync<ReviewApiException>(() => CreateSut().GetMarkersAsync(Coach, Xunit.TestContext.Current.CancellationToken));

        Assert.Equal(ReviewApiFailure.SignInNeeded, ex.Failure);
        Assert.Contains("Sign in", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseShareToken_FindsTheShareParameterOnly()
    {
        Assert.Equal("a.b.c", ReviewAccess.ParseShareToken("x=1&share=a.b.c"));
        Assert.Null(ReviewAccess.ParseShareToken("token=a.b.c"));
        Assert.Null(ReviewAccess.ParseShareToken("share="));
        Assert.Null(ReviewAccess.ParseShareToken(null));
    }

    [Fact]
    public void ReadClaim_ReadsTheRunnerOfAScopedShareToken()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"role":"share","rid":"r7"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal("r7", ReviewAccess.ReadClaim($"h.{payload}.s", "rid"));
        Assert.Null(ReviewAccess.ReadClaim($"h.{payload}.s", "sid"));
        Assert.Null(ReviewAccess.ReadClaim("not-a-jwt", "rid"));
        Assert.Null(ReviewAccess.ReadClaim("h.%%%.s", "rid"));
    }

    private ReviewApi CreateSut() => new(new HttpClient(_hub) { BaseAddress = new Uri("http://hub.test/") });

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
