using System.Text;
using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

public sealed class CoachTokenSourceTests
{
    [Fact]
    public void ReadExpiry_Jwt_ExpClaim()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"role":"coach","exp":1800000000}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var expiry = CoachTokenSource.ReadExpiry($"eyJhbGciOiJIUzI1NiJ9.{payload}.sig");

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), expiry);
        Assert.Null(CoachTokenSource.ReadExpiry("not-a-jwt"));
        Assert.Null(CoachTokenSource.ReadExpiry("a.%%%.c"));
    }
}
