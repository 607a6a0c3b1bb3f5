using MindMuscle.Live.Relay.Outbox;

namespace MindMuscle.Live.Relay.Tests.Outbox;

public sealed class OutboxOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        var exception = Record.Exception(() => new OutboxOptions().Validate());

        Assert.Null(exception);
    }

    [Theory]
    [InlineData(nameof(OutboxOptions.MaxPendingSamplesPerRunner))]
    [InlineData(nameof(OutboxOptions.MaxPendingBytes))]
    public void Validate_BadValue_RefusedNamingTheSetting(string setting)
    {
        var options = setting switch
        {
            nameof(OutboxOptions.MaxPendingSamplesPerRunner) => new OutboxOptions { MaxPendingSamplesPerRunner = 0 },
            nameof(OutboxOptions.MaxPendingBytes) => new OutboxOptions { MaxPendingBytes = 1023 },
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
        };

        var ex = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }
}
