namespace MindMuscle.Live.TestKit;

/// <summary>Files of the repository the tests run in (scripts, docs, deploy files, the fuzz corpus).</summary>
public static class RepoPaths
{
    /// <summary>The repository's root folder: the first folder above the test's output that holds MindMuscle.Live.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Of(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    public static string Read(string relativePath) => File.ReadAllText(Of(relativePath));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MindMuscle.Live.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"MindMuscle.Live.sln not found above {AppContext.BaseDirectory}.");
    }
}
