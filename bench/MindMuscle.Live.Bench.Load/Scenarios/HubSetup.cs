namespace MindMuscle.Live.Bench.Load.Scenarios;

/// <summary>Where the hubs are and what extra arguments the product hub gets (e.g. a relaxed join rate limit).</summary>
internal sealed record HubSetup
{
    public required string BareHubDll { get; init; }

    public required string ProductHubDll { get; init; }

    public IReadOnlyList<string> ProductHubArgs { get; init; } = [];

    /// <summary>
    /// The bare hub's GC: false (default) = Workstation concurrent GC like the product's, so that the ratios compare
    /// the hubs' code rather than their GC modes; true = the Web SDK's Server GC it is built with. Set through the
    /// runtime's <c>DOTNET_gcServer</c>, which overrides the runtimeconfig.
    /// </summary>
    public bool BareServerGc { get; init; }

    public IReadOnlyDictionary<string, string> Environment(HubKind kind) =>
        kind == HubKind.Bare
            ? new Dictionary<string, string> { ["DOTNET_gcServer"] = BareServerGc ? "1" : "0", ["DOTNET_gcConcurrent"] = "1" }
            : new Dictionary<string, string>();

    public string Dll(HubKind kind) => kind == HubKind.Bare ? BareHubDll : ProductHubDll;

    public IReadOnlyList<string> Args(HubKind kind) => kind == HubKind.Bare ? [] : ProductHubArgs;
}

/// <summary>Progress of a run, for the Spectre progress bar: a phase name and 0..1 within it.</summary>
internal delegate void RunProgress(string phase, double fraction);
