using Microsoft.JSInterop;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.RunnerKit.Speech;
using MindMuscle.Live.Web.Runner;

namespace MindMuscle.Live.Web.Tests.Runner;

public sealed class BrowserSpeechTests
{
    [Fact]
    public async Task SpeakAsync_SpeechModuleFailsToLoad_FailsTheCueAsSpeechOutputError()
    {
        await using var sut = new BrowserSpeech(new FailingImports());

        var error = await Assert.ThrowsAsync<SpeechOutputException>(() =>
            sut.SpeakAsync(new CueMessage { CueId = "c1", Text = "Relax your shoulders" }, Xunit.TestContext.Current.CancellationToken));

        Assert.Contains("Failed to fetch dynamically imported module", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A browser whose module imports fail, as on a network blip.</summary>
    private sealed class FailingImports : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            InvokeAsync<TValue>(identifier, CancellationToken.None, args);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            ValueTask.FromException<TValue>(new JSException("Failed to fetch dynamically imported module: /js/speech.js"));
    }
}
