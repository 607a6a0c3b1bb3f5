using MindMuscle.Live.Bench.Load.Scenarios;

namespace MindMuscle.Live.Bench.Tests.Scenarios;

/// <summary>The bare hub runs the product's GC by default, so the ratios compare the hubs' code, not their GC modes.</summary>
public sealed class HubSetupTests
{
    private static readonly HubSetup Setup = new() { BareHubDll = "bare.dll", ProductHubDll = "hub.dll" };

    [Fact]
    public void Environment_BareByDefault_WorkstationConcurrentGcLikeTheProduct()
    {
        var environment = Setup.Environment(HubKind.Bare);

        Assert.Equal("0", environment["DOTNET_gcServer"]);
        Assert.Equal("1", environment["DOTNET_gcConcurrent"]);
    }

    [Fact]
    public void Environment_BareByDefault_CapsGen0AsTheProductDoes()
    {
        // The product's hub project sets System.GC.Gen0MaxBudget to 33554432; the runtime reads the variable as hex.
        var environment = Setup.Environment(HubKind.Bare);

        Assert.Equal("0x2000000", environment["DOTNET_GCGen0MaxBudget"]);
        Assert.Equal(33554432, Convert.ToInt64(environment["DOTNET_GCGen0MaxBudget"], 16));
    }

    [Fact]
    public void Environment_BareWithServerGc_AsTheWebSdkBuildsIt()
    {
        var environment = (Setup with { BareServerGc = true }).Environment(HubKind.Bare);

        Assert.Equal("1", environment["DOTNET_gcServer"]);
        Assert.False(environment.ContainsKey("DOTNET_GCGen0MaxBudget"));
    }

    [Fact]
    public void Environment_Product_KeepsItsOwnRuntimeConfig()
    {
        Assert.Empty((Setup with { BareServerGc = true }).Environment(HubKind.Product));
    }
}
