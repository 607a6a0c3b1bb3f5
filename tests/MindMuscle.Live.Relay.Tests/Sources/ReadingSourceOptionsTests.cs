using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Tests.Sources;

public sealed class ReadingSourceOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        var exception = Record.Exception(() => new ReadingSourceOptions().Validate());

        Assert.Null(exception);
    }

    [Theory]
    [InlineData(nameof(ReadingSourceOptions.RunnerName))]
    [InlineData(nameof(ReadingSourceOptions.Runners))]
    [InlineData(nameof(ReadingSourceOptions.Speed))]
    [InlineData(nameof(ReadingSourceOptions.BlueZBusAddress))]
    [InlineData(nameof(ReadingSourceOptions.ChannelCapacity))]
    [InlineData(nameof(ReadingSourceOptions.ReconnectInitialDelay))]
    [InlineData(nameof(ReadingSourceOptions.ReconnectMaxDelay))]
    [InlineData(nameof(ReadingSourceOptions.Time))]
    [InlineData(nameof(ReadingSourceOptions.LoggerFactory))]
    public void Validate_BadValue_RefusedNamingTheSetting(string setting)
    {
        var options = setting switch
        {
            nameof(ReadingSourceOptions.RunnerName) => new ReadingSourceOptions { RunnerName = "" },
            nameof(ReadingSourceOptions.Runners) => new ReadingSourceOptions { Runners = 0 },
            nameof(ReadingSourceOptions.Speed) => new ReadingSourceOptions { Speed = double.NaN },
            nameof(ReadingSourceOptions.BlueZBusAddress) => new ReadingSourceOptions { BlueZBusAddress = " " },
            nameof(ReadingSourceOptions.ChannelCapacity) => new ReadingSourceOptions { ChannelCapacity = 0 },
            nameof(ReadingSourceOptions.ReconnectInitialDelay) => new ReadingSourceOptions { ReconnectInitialDelay = TimeSpan.Zero },
            nameof(ReadingSourceOptions.ReconnectMaxDelay) => new ReadingSourceOptions { ReconnectMaxDelay = TimeSpan.FromMilliseconds(10) },
            nameof(ReadingSourceOptions.Time) => new ReadingSourceOptions { Time = null! },
            nameof(ReadingSourceOptions.LoggerFactory) => new ReadingSourceOptions { LoggerFactory = null! },
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
        };

        var ex = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }
}
