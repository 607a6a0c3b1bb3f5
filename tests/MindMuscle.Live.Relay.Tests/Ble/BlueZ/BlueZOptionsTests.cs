using MindMuscle.Live.Relay.Ble.BlueZ;

namespace MindMuscle.Live.Relay.Tests.Ble.BlueZ;

public sealed class BlueZOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        var exception = Record.Exception(() => new BlueZOptions().Validate());

        Assert.Null(exception);
    }

    [Theory]
    [InlineData(nameof(BlueZOptions.BusAddress))]
    [InlineData(nameof(BlueZOptions.ServiceName))]
    [InlineData(nameof(BlueZOptions.AdapterPath))]
    [InlineData(nameof(BlueZOptions.ServicesResolvedTimeout))]
    public void Validate_BadValue_RefusedNamingTheSetting(string setting)
    {
        var options = setting switch
        {
            nameof(BlueZOptions.BusAddress) => new BlueZOptions { BusAddress = "" },
            nameof(BlueZOptions.ServiceName) => new BlueZOptions { ServiceName = " " },
            nameof(BlueZOptions.AdapterPath) => new BlueZOptions { AdapterPath = "hci0" },
            nameof(BlueZOptions.ServicesResolvedTimeout) => new BlueZOptions { ServicesResolvedTimeout = TimeSpan.Zero },
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
        };

        var ex = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }
}
