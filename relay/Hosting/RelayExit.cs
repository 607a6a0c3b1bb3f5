using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>The exit code and message of <c>relay run</c> (0 unless it could not start or go on).</summary>
internal sealed partial class RelayExit(IHostApplicationLifetime lifetime, ILogger<RelayExit> logger)
{
    private readonly Lock _gate = new();

    public int Code { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Ends the run with exit code 2 and a message saying what is wrong and what to do.</summary>
    public void Fail(string message)
    {
        // Every runner of a run shares its join code, so several may fail for one reason: say it once.
        lock (_gate)
        {
            if (Error is not null)
            {
                return;
            }

            Error = message;
            Code = 2;
        }

        LogFailed(logger, message);
        lifetime.StopApplication();
    }

    [LoggerMessage(400, LogLevel.Error, "relay run: {Message}", EventName = "RunFailed")]
    private static partial void LogFailed(ILogger logger, string message);
}
