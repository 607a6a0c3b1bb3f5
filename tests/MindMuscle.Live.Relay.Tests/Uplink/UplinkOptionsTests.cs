using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Tests.Uplink;

public sealed class UplinkOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        var exception = Record.Exception(() => CreateSut().Validate());

        Assert.Null(exception);
    }

    [Fact]
    public void Validate_TestHarnessTuning_Passes()
    {
        var exception = Record.Exception(() => UplinkHarness.FastOptions(new Uri("http://127.0.0.1:5080")).Validate());

        Assert.Null(exception);
    }

    [Theory]
    [InlineData(nameof(UplinkOptions.HubUrl))]
    [InlineData(nameof(UplinkOptions.JoinCode))]
    [InlineData(nameof(UplinkOptions.BatchSize))]
    [InlineData(nameof(UplinkOptions.MaxInFlight))]
    [InlineData(nameof(UplinkOptions.BackfillThreshold))]
    [InlineData(nameof(UplinkOptions.PublishTimeout))]
    [InlineData(nameof(UplinkOptions.PublishRetries))]
    [InlineData(nameof(UplinkOptions.ConnectTimeout))]
    [InlineData(nameof(UplinkOptions.RetryBaseDelay))]
    [InlineData(nameof(UplinkOptions.RetryMaxDelay))]
    [InlineData(nameof(UplinkOptions.BreakerFailureRatio))]
    [InlineData(nameof(UplinkOptions.BreakerMinimumThroughput))]
    [InlineData(nameof(UplinkOptions.BreakerSamplingDuration))]
    [InlineData(nameof(UplinkOptions.BreakerBreakDuration))]
    [InlineData(nameof(UplinkOptions.TokenRefreshMargin))]
    [InlineData(nameof(UplinkOptions.RestartDelay))]
    [InlineData(nameof(UplinkOptions.ClockSmoothing))]
    public void Validate_BadValue_RefusedNamingTheSetting(string setting)
    {
        var options = setting switch
        {
            nameof(UplinkOptions.HubUrl) => CreateSut() with { HubUrl = new Uri("ftp://hub.example/") },
            nameof(UplinkOptions.JoinCode) => CreateSut() with { JoinCode = " " },
            nameof(UplinkOptions.BatchSize) => CreateSut() with { BatchSize = 0 },
            nameof(UplinkOptions.MaxInFlight) => CreateSut() with { MaxInFlight = 0 },
            nameof(UplinkOptions.BackfillThreshold) => CreateSut() with { BackfillThreshold = TimeSpan.FromSeconds(-1) },
            nameof(UplinkOptions.PublishTimeout) => CreateSut() with { PublishTimeout = TimeSpan.Zero },
            nameof(UplinkOptions.PublishRetries) => CreateSut() with { PublishRetries = -1 },
            nameof(UplinkOptions.ConnectTimeout) => CreateSut() with { ConnectTimeout = TimeSpan.FromMilliseconds(-5) },
            nameof(UplinkOptions.RetryBaseDelay) => CreateSut() with { RetryBaseDelay = TimeSpan.Zero },
            nameof(UplinkOptions.RetryMaxDelay) => CreateSut() with { RetryMaxDelay = TimeSpan.FromMilliseconds(100) },
            nameof(UplinkOptions.BreakerFailureRatio) => CreateSut() with { BreakerFailureRatio = 1.5 },
            nameof(UplinkOptions.BreakerMinimumThroughput) => CreateSut() with { BreakerMinimumThroughput = 1 },
            nameof(UplinkOptions.BreakerSamplingDuration) => CreateSut() with { BreakerSamplingDuration = TimeSpan.FromMilliseconds(100) },
            nameof(UplinkOptions.BreakerBreakDuration) => CreateSut() with { BreakerBreakDuration = TimeSpan.FromMilliseconds(100) },
            nameof(UplinkOptions.TokenRefreshMargin) => CreateSut() with { TokenRefreshMargin = TimeSpan.FromMinutes(-1) },
            nameof(UplinkOptions.RestartDelay) => CreateSut() with { RestartDelay = TimeSpan.FromMilliseconds(-1) },
            nameof(UplinkOptions.ClockSmoothing) => CreateSut() with { ClockSmoothing = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
        };

        var ex = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    private static UplinkOptions CreateSut() => new() { HubUrl = new Uri("http://127.0.0.1:5080"), JoinCode = "ABCD2345" };
}
