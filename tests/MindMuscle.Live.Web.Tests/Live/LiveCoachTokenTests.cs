using System.Buffers.Text;
using System.Text;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class LiveCoachTokenTests
{
    [Fact]
    public void ExpiresAt_AJwt_ReadsItsExp()
    {
        var token = "eyJhbGciOiJIUzI1NiJ9." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"role\":\"coach\",\"exp\":1800000000}")) + ".sig";

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), LiveCoachToken.ExpiresAt(token));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.%%%.c")]
    [InlineData("a.e30.c")] // {} : no exp
    public void ExpiresAt_NotAJwtWithExp_IsNull(string token) => Assert.Null(LiveCoachToken.ExpiresAt(token));
}
