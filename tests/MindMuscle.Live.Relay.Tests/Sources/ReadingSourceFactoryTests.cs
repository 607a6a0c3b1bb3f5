using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Tests.Sources;

public sealed class ReadingSourceFactoryTests
{
    [Theory]
    [InlineData("", "No source")]
    [InlineData("usb", "Unknown source")]
    [InlineData("sim:no-such-scenario", "Unknown scenario")]
    [InlineData("file:", "needs a path")]
    [InlineData("file:/nonexistent/mml.csv", "does not exist")]
    public void Create_BadSpec_ThrowsSpecExceptionSayingWhatIsAccepted(string spec, string expected)
    {
        var ex = Assert.Throws<ReadingSourceSpecException>(() => ReadingSourceFactory.Create(spec, new ReadingSourceOptions()));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BleWithSeveralRunners_Throws()
    {
        Assert.Throws<ReadingSourceSpecException>(() => ReadingSourceFactory.Create("ble", new ReadingSourceOptions { Runners = 2 }));
    }

    [Fact]
    public async Task Create_SimWithRunners_NamesEachRunner()
    {
        await using var sut = ReadingSourceFactory.Create("sim:asymmetry-quick", new ReadingSourceOptions { RunnerName = "Ana", Runners = 2 });

        Assert.IsType<BleReadingSource>(sut);
        Assert.Equal(["Ana 1", "Ana 2"], sut.RunnerNames);
    }

    [Fact]
    public void Create_BleWithoutSystemBusSocket_ThrowsAtOnceSayingWhatToDo()
    {
        var ex = Assert.Throws<ReadingSourceSpecException>(
            () => ReadingSourceFactory.Create("ble", new ReadingSourceOptions { BlueZBusAddress = "unix:path=/nonexistent/system_bus_socket" }));

        Assert.Contains("sim:NAME", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Ble_IsABleSourceForOneRunner()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"mml-fake-bus-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(socket, "", TestContext.Current.CancellationToken);
        await using var sut = ReadingSourceFactory.Create("ble", new ReadingSourceOptions { RunnerName = "Ana", BlueZBusAddress = "unix:path=" + socket });
        File.Delete(socket);

        Assert.IsType<BleReadingSource>(sut);
        Assert.Equal(["Ana"], sut.RunnerNames);
    }
}
