using System.Reflection;

namespace MindMuscle.Live.TestKit.Hosting;

/// <summary>
/// Where the apps that tests run as child processes were built: each app's own output folder in this build's
/// configuration, so it runs with its own deps.json and runtimeconfig rather than a test project's. A test project
/// that runs an app references its project (ReferenceOutputAssembly="false" is enough), so it is built first.
/// </summary>
public static class BuildOutput
{
    /// <summary>The hub, or the dll MML_HUB_DLL names (an older hub, to run the same tests against it).</summary>
    public static string HubDll => Find("hub", "MindMuscle.Live.Hub", "MML_HUB_DLL");

    public static string RelayDll => Find("relay", "MindMuscle.Live.Relay");

    public static string CoachConsoleDll => Find("coach-console", "MindMuscle.Live.CoachConsole");

    /// <summary>The load generator's baseline hub (bench/MindMuscle.Live.Bench.BareHub).</summary>
    public static string BareHubDll => Find("bench/MindMuscle.Live.Bench.BareHub", "MindMuscle.Live.Bench.BareHub");

    /// <summary>The build configuration the tests were built in (Debug, Release).</summary>
    public static string Configuration => Metadata("Configuration");

    /// <summary>
    /// <c>&lt;projectFolder&gt;/bin/&lt;configuration&gt;/&lt;tfm&gt;/&lt;assemblyName&gt;.dll</c> under the repository root, or the
    /// file <paramref name="overrideVariable"/> names when it is set; fails naming the build command when it is missing.
    /// </summary>
    public static string Find(string projectFolder, string assemblyName, string? overrideVariable = null)
    {
        if (overrideVariable is not null && Environment.GetEnvironmentVariable(overrideVariable) is { Length: > 0 } fromEnvironment)
        {
            return File.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new FileNotFoundException($"{overrideVariable} names a file that does not exist: {fromEnvironment}", fromEnvironment);
        }

        var dll = Path.Combine(RepoPaths.Root, projectFolder, "bin", Configuration, Metadata("TargetFramework"), assemblyName + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"{assemblyName} is not built: {dll} (run: dotnet build {projectFolder} -c {Configuration})", dll);
    }

    private static string Metadata(string key) =>
        typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"assembly metadata {key} is empty");
}
