using MindMuscle.Live.RunnerKit.Speech;

namespace MindMuscle.Live.RunnerKit.Tests.Speech;

public sealed class SpeechOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        var exception = Record.Exception(() => new SpeechOptions().Validate());

        Assert.Null(exception);
    }

    [Theory]
    [InlineData(nameof(SpeechOptions.MinimumGap))]
    [InlineData(nameof(SpeechOptions.MaxQueued))]
    [InlineData(nameof(SpeechOptions.MaxSpeakDuration))]
    public void Validate_BadValue_RefusedNamingTheSetting(string setting)
    {
        var options = setting switch
        {
            nameof(SpeechOptions.MinimumGap) => new SpeechOptions { MinimumGap = TimeSpan.FromSeconds(-1) },
            nameof(SpeechOptions.MaxQueued) => new SpeechOptions { MaxQueued = 0 },
            nameof(SpeechOptions.MaxSpeakDuration) => new SpeechOptions { MaxSpeakDuration = TimeSpan.Zero },
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
        };

        var ex = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }
}
