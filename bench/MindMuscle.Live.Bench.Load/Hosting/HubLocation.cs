using System.Reflection;

namespace MindMuscle.Live.Bench.Load.Hosting;

/// <summary>Where the hubs (and the coach console) under test were built (baked in at build time, overridable on the command line).</summary>
internal static class HubLocation
{
    public static string DefaultBareHubDll => Metadata("BareHubDll");

    public static string DefaultProductHubDll => Metadata("ProductHubDll");

    public static string DefaultConsoleDll => Metadata("ConsoleDll");

    private static string Metadata(string key) =>
        typeof(HubLocation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value ?? throw new InvalidOperationException($"assembly metadata {key} missing");
}
