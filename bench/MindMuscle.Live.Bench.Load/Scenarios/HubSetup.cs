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
    /// runtime's <c>DOTNET_gcServer</c>, which overrides the runtimeconfig. The product's GC includes its gen0 budget cap
    /// (<c>System.GC.Gen0MaxBudget</c> in the hub's project), given here as <see cref="Gen0MaxBudgetVariable"/>.
    /// </summary>
    public bool BareServerGc { get; init; }

    /// <summary>
    /// The runtime reads this knob by its exact, case-sensitive name (<c>DOTNET_GCgen0MaxBudget</c> is ignored, checked
    /// by counting gen0 collections) and its value as hexadecimal.
    /// </summary>
    internal const string Gen0MaxBudgetVariable = "DOTNET_GCGen0MaxBudget";

    /// <summary>The product hub's gen0 budget cap, 32 MB (hub/MindMuscle.Live.Hub.csproj), in hexadecimal.</summary>
    internal const string ProductGen0MaxBudget = "0x2000000";

    public IReadOnlyDictionary<string, string> Environment(HubKind kind)
    {
        if (kind != HubKind.Bare)
        {
            return new Dictionary<string, string>();
        }

        var environment = new Dictionary<string, string> { ["DOTNET_gcServer"] = BareServerGc ? "1" : "0", ["DOTNET_gcConcurrent"] = "1" };
        if (!BareServerGc)
        {
            environment[Gen0MaxBudgetVariable] = ProductGen0MaxBudget;
        }

        return environment;
    }

    public string Dll(HubKind kind) => kind == HubKind.Bare ? BareHubDll : ProductHubDll;

    public IReadOnlyList<string> Args(HubKind kind) => kind == HubKind.Bare ? [] : ProductHubArgs;
}

/// <summary>Progress of a run, for the Spectre progress bar: a phase name and 0..1 within it.</summary>
internal delegate void RunProgress(string phase, double fraction);
