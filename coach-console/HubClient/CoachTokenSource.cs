using System.Buffers.Text;
using System.Text.Json;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>
/// Hands the hub connection a coach token on every (re)connect: the one given with --token, or one minted from the
/// coach key and minted again shortly before it expires, so a console left running for hours never reconnects with a
/// dead token.
/// </summary>
internal sealed class CoachTokenSource(HubTarget target, string sessionId, CoachRestClient rest, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _minted;
    private DateTimeOffset? _mintedExpiry;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(target.Token))
        {
            return target.Token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_minted is null || (_mintedExpiry is { } expiry && expiry - time.GetUtcNow() < RenewBefore))
            {
                _minted = await rest.MintCoachTokenAsync(sessionId, cancellationToken).ConfigureAwait(false);
                _mintedExpiry = ReadExpiry(_minted);
            }

            return _minted;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The <c>exp</c> claim of a JWT, or null if the token is not a readable JWT (then it is never renewed early).</summary>
    public static DateTimeOffset? ReadExpiry(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[1]);
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
