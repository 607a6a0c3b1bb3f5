using Microsoft.AspNetCore.SignalR;

namespace MindMuscle.Live.Web.Runner;

/// <summary>What the runner's screen says after an uplink round failed: a linked hub that refuses is not "connected".</summary>
public static class RunnerLinkStatus
{
    /// <summary>The state and sentence after a failed round; <paramref name="linked"/>: the hub connection is still up.</summary>
    public static (RunnerConnection State, string Detail) AfterFailedRound(bool linked, Exception error, TimeSpan retryIn)
    {
        ArgumentNullException.ThrowIfNull(error);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryIn.TotalSeconds));
        if (!linked)
        {
            return (RunnerConnection.Reconnecting, $"{error.Message} Readings are kept on this phone; trying again in {seconds} s.");
        }

        var why = error is HubException
            ? $"The hub refuses your readings: {error.Message}"
            : $"Your readings could not be sent ({error.Message}).";
        return (RunnerConnection.NotSending,
            $"{why} They are kept on this phone and offered again in {seconds} s; if this goes on, reload the page or tell your coach.");
    }
}
