using System.CommandLine;
using MindMuscle.Live.CoachConsole.Analyze;

namespace MindMuscle.Live.CoachConsole.Tests.Analyze;

public sealed class AlertQualityCommandTests
{
    [Fact]
    public async Task Invoke_OneSeed_PrintsTheTableWithEveryKindAndMeetsTargets()
    {
        var root = new RootCommand { AlertQualityCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await root.Parse(["alert-quality", "--seeds", "1"])
            .InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, TestContext.Current.CancellationToken);

        var table = stdout.ToString();
        Assert.Equal(0, code);
        Assert.StartsWith("| kind | expected | detected | rate |", table, StringComparison.Ordinal);
        foreach (var kind in new[] { "cadenceDrop", "strideChange", "overstride", "heavyFootfall", "imbalance", "hrDrift", "hrCeiling", "paceDrop", "sensorLost", "lowBattery", "contactLost" })
        {
            Assert.Contains($"| {kind} |", table, StringComparison.Ordinal);
        }

        Assert.Contains("Targets met: yes", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_SeedsOutOfRange_ExitsOne()
    {
        var root = new RootCommand { AlertQualityCommand.Create() };
        var stderr = new StringWriter();

        var code = await root.Parse(["alert-quality", "--seeds", "0"])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = stderr }, TestContext.Current.CancellationToken);

        Assert.Equal(1, code);
        Assert.Contains("--seeds", stderr.ToString(), StringComparison.Ordinal);
    }
}
