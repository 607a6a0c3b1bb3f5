using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

public sealed class ProblemDetailTests
{
    [Fact]
    public void Describe_ProblemJson_TitleAndDetail()
    {
        var text = ProblemDetail.Describe("""{"title":"Not found","detail":"Session 'x' not found"}""");

        Assert.Equal("Not found: Session 'x' not found", text);
    }
}
