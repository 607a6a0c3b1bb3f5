using System.Net.Sockets;
using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>Runs a command body and turns the failures a coach can fix (hub down, bad key, unknown session) into one line and an exit code.</summary>
internal static class CommandErrors
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int HubError = 2;

    public static Task<int> RunAsync(Func<Task<int>> body, TextWriter error) => RunUntilStoppedAsync(body, error, CancellationToken.None);

    /// <summary>
    /// As <see cref="RunAsync"/> for a command that runs until stopped (the live view): <paramref name="stopping"/> is
    /// cancelled when the user or a SIGTERM stops it, and whatever then fails on the way out (a call in flight on a
    /// closing connection) is part of stopping, not an error of the command.
    /// </summary>
    public static async Task<int> RunUntilStoppedAsync(Func<Task<int>> body, TextWriter error, CancellationToken stopping)
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
        catch (Exception ex) when (stopping.IsCancellationRequested)
        {
            await error.WriteLineAsync($"stopping: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
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
