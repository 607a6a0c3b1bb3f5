using Microsoft.JSInterop;

namespace MindMuscle.Live.Web.Review.Exports;

/// <summary>
/// A hub export saved as a file (js/download.js): fetched with the reader's bearer token, which a plain link cannot
/// send, then handed to the browser as a blob.
/// </summary>
public sealed class ExportDownload(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    /// <summary>Downloads <paramref name="path"/> (<see cref="ReviewApi.ExportPath"/>) as <paramref name="fileName"/>; null, or why it failed.</summary>
    public async Task<string?> SaveAsync(ReviewReader reader, string path, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/download.js");
        return await _module.InvokeAsync<string?>("save", cancellationToken, path, reader.Token, fileName);
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
                // The page is going away.
            }
        }
    }
}
