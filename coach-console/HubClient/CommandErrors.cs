using System.Net.Sockets;
using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>Runs a command body and turns the failures a coach can fix (hub down, bad key, unknown session) into one line and an exit code.</summary>
internal static class CommandErrors
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int HubError = 2;

    public static async Task<int> RunAsync(Func<Task<int>> body, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (HubApiException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return HubError;
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException || ex.StatusCode is null)
        {
            await error.WriteLineAsync($"error: cannot reach the hub: {ex.Message}. Is it running? (--hub / MML_HUB)").ConfigureAwait(false);
            return HubError;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return HubError;
        }
        catch (OperationCanceledException)
        {
            return Ok;
        }
    }

    public static int MissingCredentials(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine($"error: pass --coach-key KEY or --token TOKEN (or set {HubTargetOptions.CoachKeyVariable} / {HubTargetOptions.TokenVariable}).");
        return Usage;
    }

    public static string Escape(string text) => Markup.Escape(text);
}
