using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.RunnerKit.Speech;
using MindMuscle.Live.RunnerKit.Supervision;
using MindMuscle.Live.RunnerKit.Uplink;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Runner;

public sealed partial class RunnerCompanion
{
    // How often a link that is reconnecting on its own is looked at again.
    private static readonly TimeSpan StatePoll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Builds the hub connection, the pump and the cue queue, and runs every background loop supervised: a fault is
    /// logged, shown and the loop restarted, never lost in a discarded task.
    /// </summary>
    private void Start(CancellationToken cancellationToken)
    {
        var connection = _connection = Build();
        var cues = _cues = new SpeechQueue(speech, this, options.Speech, time, loggers.CreateLogger<SpeechQueue>());
        var pump = new OutboxPump(outbox, new HubChannel(connection), _clock, options.Pump, time, Perf);
        pump.Acknowledged += (_, _) => OnAcknowledged();
        Supervise("hub link", c => LinkAsync(connection, pump, c), cancellationToken);
        Supervise("cue queue", cues.RunAsync, cancellationToken);
        Supervise("cue statuses", SendStatusesAsync, cancellationToken);
        Supervise("wake lock", HoldWakeLockAsync, cancellationToken);
        Supervise("outbox sweep", SweepOutboxesAsync, cancellationToken);
        Supervise("perf hook", ExposePerfAsync, cancellationToken);
        Supervise("stall watch", WatchForStallAsync, cancellationToken);
    }

    private void Supervise(string name, Func<CancellationToken, Task> loop, CancellationToken cancellationToken) =>
        _ = SupervisedLoop.RunAsync(name, loop, OnLoopFault, time, cancellationToken);

    private void OnLoopFault(LoopFault fault)
    {
        LogLoopFault(_logger, fault.Loop, fault.Error.GetType().Name, fault.Error.Message, (long)fault.RestartIn.TotalMilliseconds);
        var seconds = Math.Max(1, (int)Math.Ceiling(fault.RestartIn.TotalSeconds));
        Update(s => s with
        {
            PageFault = $"Part of this page stopped ({fault.Loop}: {fault.Error.Message}) and restarts in {seconds} s. " +
                "Readings are kept; if this keeps coming back, reload the page.",
        });
    }

    private void OnAcknowledged()
    {
        _progressAt = time.GetTimestamp();
        RefreshOutbox();
        if (State.Connection == RunnerConnection.NotSending)
        {
            // An ack is the proof the hub takes readings again.
            Update(s => s with { Connection = RunnerConnection.Connected, ConnectionDetail = null });
        }
    }

    /// <summary>
    /// A link that looks up but carries nothing (a network that drops packets without closing the socket: publishes
    /// hang until SignalR's server timeout) is not "connected": after <see cref="RunnerOptions.StallAfter"/> without an
    /// ack while readings wait, the screen says readings are not going through. The next ack clears it.
    /// </summary>
    private async Task WatchForStallAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StatePoll * 4, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var silent = time.GetElapsedTime(_progressAt);
            if (State is { Connection: RunnerConnection.Connected, OutboxDepth: > 0 } && silent >= options.StallAfter)
            {
                var seconds = (int)silent.TotalSeconds;
                Update(s => s with
                {
                    Connection = RunnerConnection.NotSending,
                    ConnectionDetail = $"The hub has not answered for {seconds} s: the network may be down. Readings are kept on this phone " +
                        "and sent when it answers; if this goes on, check the Wi-Fi or tell your coach.",
                });
            }
        }
    }

    /// <summary>Connects (forever, with backoff) and lets the pump send the outbox.</summary>
    private async Task LinkAsync(HubConnection connection, OutboxPump pump, CancellationToken cancellationToken)
    {
        for (var attempt = 0L; !cancellationToken.IsCancellationRequested;)
        {
            try
            {
                if (connection.State == HubConnectionState.Disconnected)
                {
                    await connection.StartAsync(cancellationToken);
                }
                else if (connection.State != HubConnectionState.Connected)
                {
                    await Task.Delay(StatePoll, time, cancellationToken);
                    continue;
                }

                attempt = 0;
                if (State.Connection != RunnerConnection.NotSending)
                {
                    // After a refused publish the screen keeps saying so until an ack shows the hub takes readings again.
                    Update(s => s with { Connection = RunnerConnection.Connected, ConnectionDetail = null });
                }

                await pump.SendAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && FindJoinRefusal(ex) is { Permanent: true } refused)
            {
                // The session ended or this runner was removed: retrying would only spend the join rate limit the other
                // runners on this Wi-Fi share. The screen keeps saying why.
                LogRoundFailed(_logger, refused.GetType().Name, refused.Message, -1);
                Update(s => s with { Connection = RunnerConnection.Rejected, ConnectionDetail = refused.Message });
                await DropOutboxIfEmptyAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (HubRefusal.IsForGood(ex, out var reason, out var seq)
                    && await outbox.DeadLetterAsync(seq, reason, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken))
                {
                    // That reading can only be refused again: it is kept aside and shown, and the rest goes at once.
                    LogReadingRefused(_logger, seq, reason);
                    RefreshOutbox();
                    continue;
                }

                if (ex is HttpRequestException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden })
                {
                    // An expired or refused token: the next connect rejoins for a fresh one.
                    _token = null;
                }

                var delay = ForeverRetryPolicy.DelayFor(attempt++);
                LogRoundFailed(_logger, ex.GetType().Name, ex.Message, (long)delay.TotalMilliseconds);
                var (state, detail) = RunnerLinkStatus.AfterFailedRound(connection.State == HubConnectionState.Connected, ex, delay);
                Update(s => s with { Connection = state, ConnectionDetail = detail });
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static RunnerJoinException? FindJoinRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is RunnerJoinException join)
            {
                return join;
            }
        }

        return null;
    }

    private HubConnection Build()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(navigation.ToAbsoluteUri(LiveHubContract.Path.TrimStart('/')),
                HttpTransportType.WebSockets | HttpTransportType.LongPolling,
                o => o.AccessTokenProvider = () => TokenAsync(_lifetime.Token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, RunnerJsonContext.Default))
            .WithAutomaticReconnect(new ForeverRetryPolicy())
            .Build();
        connection.On<CueMessage>(LiveHubContract.Cue, OnCue);
        connection.Reconnecting += ex =>
        {
            Update(s => s with { Connection = RunnerConnection.Reconnecting, ConnectionDetail = ex?.Message ?? "connection lost" });
            return Task.CompletedTask;
        };
        connection.Reconnected += _ =>
        {
            Update(s => s with { Connection = RunnerConnection.Connected, ConnectionDetail = null });
            return Task.CompletedTask;
        };
        connection.Closed += ex =>
        {
            Update(s => s with { Connection = RunnerConnection.Reconnecting, ConnectionDetail = ex?.Message ?? "connection closed" });
            return Task.CompletedTask;
        };
        return connection;
    }

    /// <summary>The runner token, renewed by rejoining as the same runner when it is near its expiry or was refused.</summary>
    private async Task<string?> TokenAsync(CancellationToken cancellationToken)
    {
        var hubNow = _clock.ToHubTime(time.GetUtcNow().ToUnixTimeMilliseconds());
        if (_token is null || _tokenExpiresAt - (long)options.TokenRefreshMargin.TotalMilliseconds <= hubNow)
        {
            try
            {
                await JoinHubAsync(_identity!, cancellationToken);
            }
            catch (RunnerJoinException ex)
            {
                Update(s => s with
                {
                    Connection = ex.Permanent ? RunnerConnection.Rejected : RunnerConnection.Reconnecting, ConnectionDetail = ex.Message,
                });
                throw new HttpRequestException(ex.Message, ex);
            }
        }

        return _token;
    }

    private void OnCue(CueMessage cue)
    {
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(_clock.ToRelayTime(cue.ExpiresAt));
        if (_cues?.Enqueue(new QueuedCue(0, cue, expires)) == true)
        {
            Update(s => s with { LastCueText = cue.Text });
        }
    }

    /// <summary>Sends cue statuses in order while connected, holding them across reconnects.</summary>
    private async Task SendStatusesAsync(CancellationToken cancellationToken)
    {
        var reader = _statuses.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryPeek(out var report))
            {
                if (_connection is not { State: HubConnectionState.Connected } connection)
                {
                    await Task.Delay(StatePoll, time, cancellationToken);
                    continue;
                }

                try
                {
                    await connection.InvokeAsync(LiveHubContract.ReportCueStatus, report, cancellationToken);
                    reader.TryRead(out _);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogStatusDeferred(_logger, report.CueId, ex.Message);
                    await Task.Delay(ForeverRetryPolicy.MaxDelay, time, cancellationToken);
                }
            }
        }
    }

    /// <summary>The hub connection as runner-kit's pump sees it.</summary>
    private sealed class HubChannel(HubConnection connection) : IPublishChannel
    {
        public bool IsConnected => connection.State == HubConnectionState.Connected;

        public Task<PublishAck> PublishAsync(SampleBatch batch, CancellationToken cancellationToken) =>
            connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, batch, cancellationToken);
    }
}
