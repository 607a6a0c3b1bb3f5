using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Cues;

/// <summary>
/// Switches a running session's auto-cue mode: recorded first (the sessions row), then the live policy on the alert
/// path, then <c>SessionUpdated</c> to the session's coaches on every node.
/// </summary>
internal sealed partial class AutoCueSwitch(SessionRecorder recorder, HubMetrics metrics, ILogger<AutoCueSwitch> logger) : IDisposable
{
    public const string UnknownModeMessage = "mode must be \"off\", \"suggest\" or \"auto\"";

    // One switch at a time per hub: the row and the memory end in the same mode when two coaches switch at once.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <exception cref="AutoCueRejectedException">An unknown mode, or the session has ended.</exception>
    public async Task<SessionSummary> SetAsync(LiveSession session, AutoCueMode? mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (mode is not { } m || !Enum.IsDefined(m))
        {
            throw Rejected("unknownMode", UnknownModeMessage);
        }

        if (session.Ended)
        {
            throw Rejected("sessionEnded", $"Session {session.SessionId} has ended; its auto-cue mode no longer matters. Create a new session to cue again.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await recorder.SetAutoCueAsync(session.SessionId, m, cancellationToken);
            session.SetAutoCue(m);
        }
        finally
        {
            _gate.Release();
        }

        var summary = session.Summary();
        LogSwitched(logger, session.SessionId, m);
        session.FanOut.Broadcast(c => c.SessionUpdated(summary));
        return summary;
    }

    /// <summary>Counts a refusal found before <see cref="SetAsync"/> (a body whose mode is not a mode word).</summary>
    public AutoCueRejectedException Rejected(string reason, string message)
    {
        metrics.AutoCueRejected(reason);
        return new AutoCueRejectedException(reason, message);
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(404, LogLevel.Information, "Session {SessionId} switched to auto-cue mode {Mode}", EventName = "AutoCueSwitched")]
    private static partial void LogSwitched(ILogger logger, string sessionId, AutoCueMode mode);
}
