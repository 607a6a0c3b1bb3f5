using System.Reflection;

namespace MindMuscle.Live.Relay.Tests;

/// <summary>Where the relay's own build output is, for tests that run it as a child process.</summary>
internal static class RelayProcess
{
    public static string DllPath
    {
        get
        {
            var dir = typeof(RelayProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .First(a => a.Key == "RelayOutputDir").Value!;
            var path = Path.GetFullPath(Path.Combine(dir, "MindMuscle.Live.Relay.dll"));
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the relay project first.", path);
        }
    }
}
