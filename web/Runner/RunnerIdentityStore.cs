using System.Text.Json;
using Microsoft.JSInterop;

namespace MindMuscle.Live.Web.Runner;

/// <summary>The runner's identity in local storage (<c>js/local.js</c>): it outlives the tab, a reload and a restart.</summary>
public sealed class RunnerIdentityStore(IJSRuntime js) : IAsyncDisposable
{
    private const string Prefix = "mml.runner.";
    private IJSObjectReference? _module;

    public async Task<RunnerIdentity?> GetAsync(string joinCode, CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken);
        var json = await module.InvokeAsync<string?>("get", cancellationToken, Key(joinCode));
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, RunnerJsonContext.Default.RunnerIdentity);
        }
        catch (JsonException)
        {
            // Written by another version of the page: joining again is the way out.
            return null;
        }
    }

    public async Task SaveAsync(RunnerIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var module = await ModuleAsync(cancellationToken);
        await module.InvokeVoidAsync("set", cancellationToken, Key(identity.JoinCode), JsonSerializer.Serialize(identity, RunnerJsonContext.Default.RunnerIdentity));
    }

    public async Task ForgetAsync(string joinCode, CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken);
        await module.InvokeVoidAsync("remove", cancellationToken, Key(joinCode));
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

    private static string Key(string joinCode) => Prefix + joinCode.Trim().ToUpperInvariant();

    private async Task<IJSObjectReference> ModuleAsync(CancellationToken cancellationToken) =>
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/local.js");
}
