using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.Relay.Tests.Ble.BlueZ;

namespace MindMuscle.Live.Relay.Tests.Cli;

public sealed class ScanCommandTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_FakeBlueZ_ListsSensorsWithNameAddressRssiAndServices()
    {
        await using var daemon = await PrivateDBusDaemon.StartAsync(Ct).WaitAsync(Step, Ct);
        using var fake = await FakeBlueZ.StartAsync(daemon.Address).WaitAsync(Step, Ct);
        fake.AddDevice("C0:FF:EE:00:00:01", "HRM Ana", -61, ["0000180d-0000-1000-8000-00805f9b34fb", "0000180f-0000-1000-8000-00805f9b34fb"], []);
        fake.AddDevice("C0:FF:EE:00:00:02", "Stryd", -48, ["00001814-0000-1000-8000-00805f9b34fb"], [], hiddenUntilDiscovery: true);
        fake.AddDevice("C0:FF:EE:00:00:09", "Keyboard", -40, ["00001812-0000-1000-8000-00805f9b34fb"], []);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ScanCommand.RunAsync(TimeSpan.FromMilliseconds(500), all: false, daemon.Address, output, error, Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Stryd", lines[1], StringComparison.Ordinal);
        Assert.Contains("C0:FF:EE:00:00:02", lines[1], StringComparison.Ordinal);
        Assert.Contains("-48", lines[1], StringComparison.Ordinal);
        Assert.Contains("Running Speed and Cadence (1814)", lines[1], StringComparison.Ordinal);
        Assert.Contains("Heart Rate (180d), Battery (180f)", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("Keyboard", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoBus_ExitsWithUnavailableAndSaysWhatToDo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ScanCommand.RunAsync(TimeSpan.FromSeconds(1), all: false, "unix:path=/nonexistent/mml-no-bus", output, error, Ct).WaitAsync(Step, Ct);

        Assert.Equal(ScanCommand.ExitUnavailable, exit);
        Assert.Contains("system bus", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("sim:fatigue", error.ToString(), StringComparison.Ordinal);
    }
}
