using System.Text;
using System.Text.Json;
using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

public sealed class WireAnswersTests
{
    [Fact]
    public void SamplesResponse_HubRunnerChunks_TakesOnlyAskedRunnerInSeqOrder()
    {
        using var json = JsonDocument.Parse("""
            [{"runnerId":"r1","samples":[{"seq":1,"observedAt":1},{"seq":2,"observedAt":2}]},
             {"runnerId":"r1","samples":[{"seq":3,"observedAt":3}]},
             {"runnerId":"r2","samples":[{"seq":1,"observedAt":1}]}]
            """);

        var samples = SamplesResponse.Parse(json.RootElement, "r1");

        Assert.Equal([1L, 2L, 3L], samples.Select(s => s.Seq));
    }

    [Fact]
    public void SamplesResponse_BareArray_ReadAsSamples()
    {
        using var json = JsonDocument.Parse("""[{"seq":4,"observedAt":1,"heartRateBpm":150}]""");

        var sample = Assert.Single(SamplesResponse.Parse(json.RootElement, "r1"));

        Assert.Equal(150, sample.HeartRateBpm);
    }

    [Fact]
    public void SamplesResponse_Number_TypedError()
    {
        using var json = JsonDocument.Parse("42");

        Assert.Throws<HubApiException>(() => SamplesResponse.Parse(json.RootElement, "r1"));
    }

    [Theory]
    [InlineData("""["a","b"]""", 2)]
    [InlineData("""{"cueIds":["a"]}""", 1)]
    [InlineData("\"a\"", 1)]
    [InlineData("null", 0)]
    public void CueIds_Answers_Parsed(string json, int count)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(count, CueIds.Parse(document.RootElement).Count);
    }

    [Fact]
    public void ReadExpiry_Jwt_ExpClaim()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"role":"coach","exp":1800000000}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var expiry = CoachTokenSource.ReadExpiry($"eyJhbGciOiJIUzI1NiJ9.{payload}.sig");

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), expiry);
        Assert.Null(CoachTokenSource.ReadExpiry("not-a-jwt"));
        Assert.Null(CoachTokenSource.ReadExpiry("a.%%%.c"));
    }

    [Fact]
    public void ProblemDetail_ProblemJson_TitleAndDetail()
    {
        var text = ProblemDetail.Describe("""{"title":"Not found","detail":"Session 'x' not found"}""");

        Assert.Equal("Not found: Session 'x' not found", text);
    }

    [Fact]
    public void ForeverRetryPolicy_ManyRetries_NeverGivesUp()
    {
        var delays = Enumerable.Range(0, 1000).Select(i => ForeverRetryPolicy.DelayFor(i)).ToList();

        Assert.Equal(TimeSpan.Zero, delays[0]);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, ForeverRetryPolicy.MaxDelay));
    }
}
