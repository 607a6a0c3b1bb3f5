using System.Text.RegularExpressions;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.Deploy;

/// <summary>
/// Replays a Dockerfile's first (build) stage on this machine without Docker: WORKDIR becomes a temp directory, each
/// COPY copies from the repository what the build context would hold (.dockerignore applied), each RUN runs in bash
/// with the stage's absolute output paths mapped into the temp directory. Proves the restore/publish steps work from
/// exactly the files the Dockerfile copies.
/// </summary>
internal sealed partial class DockerBuildReplay(Dockerfile dockerfile, DockerIgnore ignore, string root)
{
    public string WorkDir => Path.Combine(root, "src");

    /// <summary>Maps an absolute path in the image (e.g. /out) to the temp directory.</summary>
    public string Map(string imagePath) => Path.Combine(root, "fs", imagePath.TrimStart('/'));

    public async Task RunBuildStageAsync(TimeSpan stepTimeout, CancellationToken cancellationToken)
    {
        var stage = dockerfile.Stages[0];
        var workDir = WorkDir;
        Directory.CreateDirectory(workDir);
        foreach (var instruction in stage.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    // Only the stage's own WORKDIR (/src) is supported: it is the temp source directory.
                    break;
                case "COPY" or "ADD":
                    Copy(DockerCopy.Parse(instruction), workDir);
                    break;
                case "RUN":
                    var command = AbsolutePath().Replace(instruction.Arguments, m => Map(m.Value));
                    var (exitCode, output) = await ChildProcess.RunAsync("bash", ["-c", $"cd '{workDir}' && {command}"], stepTimeout, cancellationToken);
                    if (exitCode != 0)
                    {
                        throw new InvalidOperationException($"{dockerfile.Path}:{instruction.Line}: RUN {instruction.Arguments} exited {exitCode}:{Environment.NewLine}{output}");
                    }

                    break;
                default:
                    // ENV, ARG, LABEL ... do not change what the build stage produces here.
                    break;
            }
        }
    }

    private void Copy(DockerCopy copy, string workDir)
    {
        var destination = Path.GetFullPath(Path.Combine(workDir, copy.Destination));
        foreach (var source in copy.Sources)
        {
            var from = RepoPaths.Of(source);
            if (File.Exists(from))
            {
                var target = copy.Destination.EndsWith('/') || copy.Sources.Count > 1 ? Path.Combine(destination, Path.GetFileName(from)) : destination;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(from, target, overwrite: true);
                continue;
            }

            // A directory source copies its contents (what the context holds of them) into the destination.
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var relativeToRepo = Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/');
                if (ignore.Excludes(relativeToRepo))
                {
                    continue;
                }

                var target = Path.Combine(destination, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }
    }

    // An absolute image path as a command argument: " /out" or "=/out" (not URLs, not relative paths).
    [GeneratedRegex(@"(?<=[\s=])/[A-Za-z0-9_./-]+")]
    private static partial Regex AbsolutePath();
}
