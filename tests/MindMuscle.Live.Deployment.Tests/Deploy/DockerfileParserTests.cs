namespace MindMuscle.Live.Deployment.Tests.Deploy;

public sealed class DockerfileParserTests
{
    [Fact]
    public void Load_MultiStageWithContinuationsAndJsonCopy_ReadsStagesAndCopies()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mml-{Guid.NewGuid():N}.Dockerfile");
        File.WriteAllText(path, """
            # syntax=docker/dockerfile:1
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            COPY a.props \
                 b.props ./
            # a comment inside
            RUN dotnet restore x.csproj
            FROM mcr.microsoft.com/dotnet/aspnet:10.0
            COPY --from=build --chmod=0755 /out /app
            COPY ["with space.txt", "/dest/"]
            USER $APP_UID
            """);
        try
        {
            var sut = Dockerfile.Load(path);

            Assert.Equal(2, sut.Stages.Count);
            Assert.Equal("build", sut.Stages[0].Name);
            Assert.Equal(["a.props", "b.props"], sut.Stages[0].Copies.Single().Sources);
            var copies = sut.Final.Copies.ToList();
            Assert.Equal("build", copies[0].Flags["from"]);
            Assert.False(copies[0].FromContext);
            Assert.Equal(["with space.txt"], copies[1].Sources);
            Assert.Equal("$APP_UID", sut.Final.Instructions.Single(i => i.Keyword == "USER").Arguments);
            Assert.Null(sut.Final.Name);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
