using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// A runner's hub identity and token. The first join stores runner id and rejoin secret in the outbox's database; every
/// later join (relay restart, token near expiry, a 401) sends them back, so the hub keeps the same runner and its seqs.
/// </summary>
internal sealed partial class RunnerCredentials(
    int runnerIndex, IOutbox outbox, IJoinClient joinClient, UplinkOptions options, ClockOffsetEstimator clock,
    TimeProvider time, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RunnerIdentity? _identity;
    private bool _invalidated;

    public RunnerIdentity? Identity => _identity;

    public int Joins { get; private set; }

    /// <summary>A valid token, joining or rejoining first when there is none, it is near expiry, or the hub refused it.</summary>
    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _identity ??= outbox.GetIdentity(runnerIndex)
                ?? throw new InvalidOperationException($"Runner slot {runnerIndex} does not exist.");
            var hubNow = clock.ToHubTime(time.GetUtcNow().ToUnixTimeMilliseconds());
            if (_invalidated || _identity.Token is null
                || _identity.TokenExpiresAt - (long)options.TokenRefreshMargin.TotalMilliseconds <= hubNow)
            {
                await JoinAsync(cancellationToken);
            }

            return _identity.Token!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The hub answered 401: the next <see cref="GetTokenAsync"/> rejoins.</summary>
    public void Invalidate() => _invalidated = true;

    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        var identity = _identity!;
        var request = new JoinRequest
        {
            JoinCode = options.JoinCode,
            RunnerName = identity.Name,
            RunnerId = identity.RunnerId,
            RejoinSecret = identity.RejoinSecret,
        };
        var sentAt = time.GetUtcNow();
        var result = await joinClient.JoinAsync(options.HubUrl, request, cancellationToken);
        var receivedAt = time.GetUtcNow();
        var response = result.Response;
        if (result.HubDate is { } hubDate)
        {
            // Second precision only (the Date header); round-trips on acks refine it.
            clock.SeedFromDate(hubDate, sentAt, receivedAt);
        }

        if (identity.RunnerId is not null && identity.RunnerId != response.RunnerId)
        {
            LogRunnerChanged(logger, runnerIndex, identity.RunnerId, response.RunnerId);
        }

        _identity = identity with
        {
            HubUrl = options.HubUrl.ToString(),
            JoinCode = options.JoinCode,
            SessionId = response.SessionId,
            RunnerId = response.RunnerId,
            RejoinSecret = string.IsNullOrEmpty(response.RejoinSecret) ? identity.RejoinSecret : response.RejoinSecret,
            Token = response.RunnerToken,
            TokenExpiresAt = response.RunnerTokenExpiresAt,
        };
        outbox.SaveIdentity(_identity);
        _invalidated = false;
        Joins++;

        // The hub may hold more than our last ack (an ack lost in a disconnect): those samples need not be resent.
        if (response.LastSeq > 0)
        {
            var stats = outbox.GetStats(runnerIndex);
            if (response.LastSeq > stats.LastSeq)
            {
                LogHubAhead(logger, runnerIndex, response.LastSeq, stats.LastSeq);
            }

            outbox.Trim(runnerIndex, Math.Min(response.LastSeq, stats.LastSeq));
        }

        LogJoined(logger, runnerIndex, response.RunnerId, response.LastSeq);
    }

    [LoggerMessage(200, LogLevel.Information, "Runner {RunnerIndex} joined as {RunnerId}; hub holds up to seq {LastSeq}", EventName = "Joined")]
    private static partial void LogJoined(ILogger logger, int runnerIndex, string runnerId, long lastSeq);

    [LoggerMessage(201, LogLevel.Warning, "Runner {RunnerIndex} was {OldRunnerId} and the hub now calls it {NewRunnerId}", EventName = "RunnerChanged")]
    private static partial void LogRunnerChanged(ILogger logger, int runnerIndex, string oldRunnerId, string newRunnerId);

    [LoggerMessage(202, LogLevel.Error, "Runner {RunnerIndex}: the hub holds seq {HubSeq} but this data folder only reached {LocalSeq}; new samples will look like duplicates to the hub", EventName = "HubAhead")]
    private static partial void LogHubAhead(ILogger logger, int runnerIndex, long hubSeq, long localSeq);
}
