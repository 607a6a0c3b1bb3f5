namespace MindMuscle.Live.TestKit.Servers;

internal static class ExecutableLookup
{
    /// <summary>The full path of <paramref name="name"/> in a PATH directory, or null.</summary>
    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
