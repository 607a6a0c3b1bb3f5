namespace MindMuscle.Live.Deployment.Tests.Scripts;

/// <summary>A PATH of links to this machine's programs minus some, to run a script as if those were not installed.</summary>
internal static class ProgramsOnPath
{
    /// <summary>Creates the folder of links under <paramref name="parent"/> and returns it (the whole PATH value).</summary>
    public static string Without(string parent, IEnumerable<string> hidden)
    {
        var bin = Directory.CreateDirectory(Path.Combine(parent, "bin-" + Guid.NewGuid().ToString("N")));
        var hide = hidden.ToHashSet(StringComparer.Ordinal);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Where(Directory.Exists))
        {
            foreach (var program in Directory.EnumerateFiles(dir))
            {
                var link = Path.Combine(bin.FullName, Path.GetFileName(program));
                if (!hide.Contains(Path.GetFileName(program)) && !File.Exists(link) && !Directory.Exists(link))
                {
                    File.CreateSymbolicLink(link, program);
                }
            }
        }

        return bin.FullName;
    }
}
