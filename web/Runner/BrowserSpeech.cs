using Microsoft.JSInterop;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.RunnerKit.Speech;

namespace MindMuscle.Live.Web.Runner;

/// <summary>
/// Speaks a cue with the browser's speech synthesis (<c>js/speech.js</c>) into whatever audio output the phone uses
/// (the earbuds). Completes when the words have been spoken; a browser that cannot speak them fails the cue.
/// </summary>
public sealed class BrowserSpeech(IJSRuntime js) : ISpeechOutput, IAsyncDisposable
{
    private IJSObjectReference? _module;

    public string Name => "speechSynthesis";

    public async Task SpeakAsync(CueMessage cue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cue);
        try
        {
            // Loading the module can fail too (a network blip on a lazy import): that fails this cue, which the queue
            // reports, rather than the queue's loop, which would lose the cue without a status.
            var module = await ModuleAsync(cancellationToken);
            using var stop = cancellationToken.Register(() => _ = CancelQuietlyAsync(module));

            // The call itself takes no token: a cancelled wait stops the utterance through cancel() instead.
            await module.InvokeVoidAsync("speak", CancellationToken.None, cue.Text, null).AsTask().WaitAsync(cancellationToken);
        }
        catch (JSException ex)
        {
            throw new SpeechOutputException(ex.Message, ex);
        }
    }

    /// <summary>
    /// Keeps the screen on while the page runs: taken now and again each time the page becomes visible. Every change
    /// (taken, refused, released) is reported to <paramref name="listener"/>'s <c>OnWakeLock(held, why)</c>.
    /// </summary>
    public async Task HoldWakeLockAsync<T>(DotNetObjectReference<T> listener, CancellationToken cancellationToken)
        where T : class
    {
        var module = await ModuleAsync(cancellationToken);
        await module.InvokeVoidAsync("holdWakeLock", cancellationToken, listener);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }

    private static async Task CancelQuietlyAsync(IJSObjectReference module)
    {
        try
        {
            await module.InvokeVoidAsync("cancel");
        }
        catch (JSException)
        {
        }
    }

    private async Task<IJSObjectReference> ModuleAsync(CancellationToken cancellationToken) =>
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/speech.js");
}
