using Microsoft.JSInterop;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// <see cref="ITileWriter"/> on js/tiles.js: the frame's writes go out as one array in one synchronous call (the app
/// runs in WebAssembly).
/// </summary>
public sealed class JsTileWriter(IJSRuntime js) : ITileWriter, IAsyncDisposable
{
    private readonly List<string?> _queued = [];
    private IJSInProcessObjectReference? _module;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_module is not null)
        {
            return;
        }

        _module = await js.InvokeAsync<IJSInProcessObjectReference>("import", cancellationToken, "./js/tiles.js");
        // The field list has one source: the module takes its order and its words from TileFields.
        _module.InvokeVoid("init", TileFields.Metrics, TileFields.SpeedRaw, TileFields.Battery, TileFields.BatteryLow, TileFields.Spark, MetricFormat.Missing);
    }

    public void Write(string runnerId, ReadOnlySpan<string?> fields)
    {
        _queued.Add(runnerId);
        foreach (var field in fields)
        {
            _queued.Add(field);
        }
    }

    public void Flush()
    {
        if (_queued.Count == 0)
        {
            return;
        }

        // Before the module is in there is no tile to write to: the tiles' first renders carry their values.
        _module?.InvokeVoid("write", _queued);
        _queued.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                // The module outlives the page: its tiles' elements go with the page's, so must its hold on them.
                _module.InvokeVoid("forget");
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The page is going away.
            }
        }
    }
}
