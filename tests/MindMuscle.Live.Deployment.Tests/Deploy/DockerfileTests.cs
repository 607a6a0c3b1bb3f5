using System.Xml.Linq;
using MindMuscle.Live.Deployment.Tests.Compose;

namespace MindMuscle.Live.Deployment.Tests.Deploy;

public sealed class DockerfileTests
{
    private static readonly string[] BuildFiles = ["global.json", "Directory.Build.props", "Directory.Packages.props", "BannedSymbols.txt", ".editorconfig"];

    /// <summary>Every Dockerfile under deploy/, and every one docker-compose.yml builds (the same set, checked below).</summary>
    public static TheoryData<string> Dockerfiles() =>
        [.. Directory.EnumerateFiles(RepoPaths.Of("deploy"), "*.Dockerfile").Select(f => Path.GetRelativePath(RepoPaths.Root, f)).Order()];

    [Fact]
    public void Dockerfiles_ComposeBuildsEveryOne_AndNoOther()
    {
        var built = ComposeFile.Services(ComposeFile.Load())
            .Select(s => ComposeFile.Build(s.Service))
            .Where(b => b is not null)
            .Select(b => Path.GetRelativePath(RepoPaths.Root, RepoPaths.Of(b!.Value.Dockerfile)))
            .Order();

        Assert.Equal(Dockerfiles().Select(row => row.Data).Order(), built);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void FinalStage_User_IsNotRoot(string dockerfile)
    {
        var final = Dockerfile.Load(RepoPaths.Of(dockerfile)).Final;

        var user = final.Instructions.LastOrDefault(i => i.Keyword == "USER")?.Arguments;

        Assert.NotNull(user);
        Assert.DoesNotMatch("^(root|0)(:.*)?$", user);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void FinalStage_Healthcheck_IsDeclared(string dockerfile)
    {
        var final = Dockerfile.Load(RepoPaths.Of(dockerfile)).Final;

        var healthcheck = Assert.Single(final.Instructions, i => i.Keyword == "HEALTHCHECK");

        // HEALTHCHECK NONE only for the one-shot session image, whose compose service runs once and exits.
        Assert.True(healthcheck.Arguments.Contains("CMD", StringComparison.Ordinal) || dockerfile.EndsWith("session.Dockerfile", StringComparison.Ordinal),
            $"{dockerfile}: HEALTHCHECK {healthcheck.Arguments}");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void CopySources_FromTheContext_ExistAndAreNotDockerIgnored(string dockerfile)
    {
        var file = Dockerfile.Load(RepoPaths.Of(dockerfile));
        var ignore = DockerIgnore.Load(RepoPaths.Of(".dockerignore"));

        var sources = file.Stages.SelectMany(s => s.Copies).Where(c => c.FromContext).SelectMany(c => c.Sources).ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source =>
        {
            var path = RepoPaths.Of(source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{dockerfile}: COPY source {source} does not exist");
            Assert.False(ignore.Excludes(source), $"{dockerfile}: COPY source {source} is excluded by .dockerignore");
        });
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void CopyFrom_Stage_IsAnEarlierStage(string dockerfile)
    {
        var file = Dockerfile.Load(RepoPaths.Of(dockerfile));

        for (var i = 0; i < file.Stages.Count; i++)
        {
            var earlier = file.Stages.Take(i).Select(s => s.Name).ToHashSet();
            Assert.All(file.Stages[i].Copies.Where(c => !c.FromContext), copy =>
                Assert.True(earlier.Contains(copy.Flags["from"]), $"{dockerfile}:{copy.Line}: --from={copy.Flags["from"]} is not an earlier stage"));
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Restore_BeforeTheSources_HasEveryBuildFileAndReferencedProject(string dockerfile)
    {
        var file = Dockerfile.Load(RepoPaths.Of(dockerfile));
        var restores = file.Stages.SelectMany(s => s.Instructions).Where(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal)).ToList();
        if (restores.Count == 0)
        {
            Assert.DoesNotContain(file.Stages, s => s.Image.Contains("dotnet/sdk", StringComparison.Ordinal));
            return;
        }

        var restore = Assert.Single(restores);
        var project = restore.Arguments.Split(' ').Single(w => w.EndsWith(".csproj", StringComparison.Ordinal));
        var copiedBefore = file.Stages.SelectMany(s => s.Copies).Where(c => c.FromContext && c.Line < restore.Line).SelectMany(c => c.Sources).ToHashSet();

        var needed = BuildFiles.Concat(ProjectClosure(project)).ToList();

        // Restore runs from these files alone (layer caching); a missing one fails the image build or restores a different graph.
        Assert.All(needed, f => Assert.True(copiedBefore.Contains(f), $"{dockerfile}: {f} is not copied before `dotnet restore` (line {restore.Line})"));
        Assert.DoesNotContain(copiedBefore, s => Directory.Exists(RepoPaths.Of(s)));
        var copiedAfter = file.Stages.SelectMany(s => s.Copies).Where(c => c.FromContext && c.Line > restore.Line).SelectMany(c => c.Sources).ToHashSet();
        Assert.All(ProjectClosure(project).Select(p => Path.GetDirectoryName(p)!.Replace('\\', '/') + "/"), dir =>
            Assert.True(copiedAfter.Contains(dir), $"{dockerfile}: project folder {dir} is not copied after restore"));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Stages_DotnetImages_AreTheNet10SdkAndRuntime(string dockerfile)
    {
        var file = Dockerfile.Load(RepoPaths.Of(dockerfile));

        var images = file.Stages.Select(s => s.Image).Where(i => i.Contains("mcr.microsoft.com/dotnet/", StringComparison.Ordinal)).ToList();

        Assert.All(images, image => Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(sdk|aspnet|runtime):10\.0$", image));
        if (images.Count > 0)
        {
            Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", file.Stages[0].Image, StringComparison.Ordinal);
            Assert.Matches("dotnet/(aspnet|runtime):", file.Final.Image);
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Entrypoint_PublishedAssembly_IsWhatTheFinalStageRuns(string dockerfile)
    {
        var file = Dockerfile.Load(RepoPaths.Of(dockerfile));
        var publish = file.Stages.SelectMany(s => s.Instructions).SingleOrDefault(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        if (publish is null)
        {
            return;
        }

        var project = publish.Arguments.Split(' ').Single(w => w.EndsWith(".csproj", StringComparison.Ordinal));
        var assembly = XDocument.Load(RepoPaths.Of(project)).Descendants("AssemblyName").SingleOrDefault()?.Value
            ?? Path.GetFileNameWithoutExtension(project);

        // What starts the container: ENTRYPOINT itself, or the scripts the final stage copies in and ENTRYPOINT names.
        var final = file.Final;
        var entrypoint = Assert.Single(final.Instructions, i => i.Keyword == "ENTRYPOINT").Arguments;
        var scripts = final.Copies.Where(c => c.FromContext).SelectMany(c => c.Sources).Where(s => s.EndsWith(".sh", StringComparison.Ordinal))
            .Select(RepoPaths.Read);
        Assert.Contains(final.Instructions, i => i.Keyword == "WORKDIR" && i.Arguments == "/app");
        Assert.Contains(final.Copies, c => !c.FromContext && c.Destination is "." or "/app" or "/app/");
        Assert.True(new[] { entrypoint }.Concat(scripts).Any(t => t.Contains($"{assembly}.dll", StringComparison.Ordinal)),
            $"{dockerfile}: neither ENTRYPOINT nor its scripts run {assembly}.dll");
    }

    /// <summary>The project and every project it references, transitively, as repository-relative paths.</summary>
    private static List<string> ProjectClosure(string project)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (seen.Contains(current))
            {
                continue;
            }

            seen.Add(current);
            var directory = Path.GetDirectoryName(RepoPaths.Of(current))!;
            foreach (var reference in XDocument.Load(RepoPaths.Of(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepoPaths.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }
}
