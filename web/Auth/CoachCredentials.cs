using Microsoft.JSInterop;

namespace MindMuscle.Live.Web.Auth;

/// <summary>
/// The coach's credentials in the browser tab's session storage (gone when the tab closes): the hub's coach key (signs
/// the coach in, lists and creates sessions) and one coach token per session (opens its live view). A <c>coachUrl</c>
/// carries the token in its fragment (<c>#token=...</c>), which browsers never send to a server;
/// <see cref="TakeTokenFromFragmentAsync"/> moves it into storage and off the address bar.
/// </summary>
public sealed class CoachCredentials(IJSRuntime js) : IAsyncDisposable
{
    private const string KeyName = "mml.coachKey";
    private const string TokenPrefix = "mml.coachToken.";
    private const string SharePrefix = "mml.shareToken.";
    private readonly Lazy<Task<IJSObjectReference>> _module = new(() =>
        js.InvokeAsync<IJSObjectReference>("import", "./js/storage.js").AsTask());

    public async ValueTask<string?> GetCoachKeyAsync() => await (await Module()).InvokeAsync<string?>("get", KeyName);

    public async ValueTask SetCoachKeyAsync(string key) => await (await Module()).InvokeVoidAsync("set", KeyName, key);

    public async ValueTask SignOutAsync() => await (await Module()).InvokeVoidAsync("remove", KeyName);

    public async ValueTask<string?> GetCoachTokenAsync(string sessionId) =>
        await (await Module()).InvokeAsync<string?>("get", TokenPrefix + sessionId);

    public async ValueTask SetCoachTokenAsync(string sessionId, string token) =>
        await (await Module()).InvokeVoidAsync("set", TokenPrefix + sessionId, token);

    /// <summary>A share link's token for <paramref name="sessionId"/> (read-only review), kept like a coach token.</summary>
    public async ValueTask<string?> GetShareTokenAsync(string sessionId) =>
        await (await Module()).InvokeAsync<string?>("get", SharePrefix + sessionId);

    public async ValueTask SetShareTokenAsync(string sessionId, string token) =>
        await (await Module()).InvokeVoidAsync("set", SharePrefix + sessionId, token);

    /// <summary>The address bar's fragment (without <c>#</c>), removed from the address bar; null when there is none.</summary>
    public async ValueTask<string?> TakeFragmentAsync() => await (await Module()).InvokeAsync<string?>("takeFragment");

    /// <summary>Stores the <c>token=</c> of the address bar's fragment for <paramref name="sessionId"/>, if any, and removes the fragment.</summary>
    /// <returns>True when a token was taken.</returns>
    public async ValueTask<bool> TakeTokenFromFragmentAsync(string sessionId)
    {
        var token = ParseToken(await TakeFragmentAsync());
        if (token is null)
        {
            return false;
        }

        await SetCoachTokenAsync(sessionId, token);
        return true;
    }

    /// <summary>The <c>token</c> parameter of a fragment such as <c>token=eyJ...</c>; null when absent or empty.</summary>
    public static string? ParseToken(string? fragment)
    {
        if (string.IsNullOrEmpty(fragment))
        {
            return null;
        }

        foreach (var part in fragment.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("token=", StringComparison.Ordinal) && part.Length > "token=".Length)
            {
                return Uri.UnescapeDataString(part["token=".Length..]);
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_module.IsValueCreated)
        {
            await (await _module.Value).DisposeAsync();
        }
    }

    private Task<IJSObjectReference> Module() => _module.Value;
}
