using Microsoft.JSInterop;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// <see cref="IFrameScheduler"/> on the browser's <c>requestAnimationFrame</c> (js/live.js), which also keeps the
/// arrival -> paint marks of <c>window.mmlPerf</c>; after each frame it sends the tiles' value writes (<see cref="ITileWriter"/>). Synchronous interop: the app runs in WebAssembly.
/// </summary>
public sealed class AnimationFrames(IJSRuntime js, LivePerf perf, ITileWriter tiles) : IFrameScheduler, IAsyncDisposable
{
    private IJSInProcessObjectReference? _module;
    private DotNetObjectReference<AnimationFrames>? _self;
    private Action? _onFrame;
    private bool _requested;

    /// <summary>Loads the module; frames asked for before then are requested now.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_module is not null)
        {
            return;
        }

        _module = await js.InvokeAsync<IJSInProcessObjectReference>("import", cancellationToken, "./js/live.js");
        _self = DotNetObjectReference.Create(this);
        _module.InvokeVoid("init", _self);
        if (_onFrame is not null && !_requested)
        {
            _requested = true;
            _module.InvokeVoid("requestFrame");
        }
    }

    public void Request(Action onFrame)
    {
        _onFrame = onFrame;
        if (_requested || _module is null)
        {
            return;
        }

        _requested = true;
        _module.InvokeVoid("requestFrame");
    }

    public void NoteArrival(int samples) => _module?.InvokeVoid("arrive", samples);

    [JSInvokable]
    public void OnAnimationFrame()
    {
        _requested = false;
        var onFrame = _onFrame;
        _onFrame = null;
        onFrame?.Invoke();
        // The frame's renders are in the DOM now: the tiles' values land on their elements.
        tiles.Flush();
    }

    /// <summary>The benchmark's reading of the .NET side (window.mmlPerf.dotnet()).</summary>
    [JSInvokable]
    public LivePerfStats PerfStats() => perf.Read();

    /// <summary>The benchmark's memory reading: the .NET heap after a full collection (window.mmlPerf.dotnetHeap()).</summary>
    [JSInvokable]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "JS invokes it on this instance's reference")]
    public long CollectedHeapBytes() => GC.GetTotalMemory(forceFullCollection: true);

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                _module.InvokeVoid("dispose");
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The page is going away.
            }
        }

        _self?.Dispose();
    }
}
