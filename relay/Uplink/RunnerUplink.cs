using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Speech;
using Polly;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// One runner's link to the hub: a WebSocket + MessagePack <see cref="HubConnection"/> that reconnects forever, a pump
/// that sends the outbox in seq order with a bounded in-flight window and trims on each ack, cues in, cue statuses out.
/// </summary>
/// <remarks>
/// Go-back-N: when a publish fails or an ack stops short of what was sent (the hub saw a gap), the pump lets the window
/// drain and resends from the last ack. The hub drops what it already holds, so every seq is recorded exactly once.
/// </remarks>
internal sealed partial class RunnerUplink : IAsyncDisposable
{
    private const int CueStatusCapacity = 1024;

    // Safety net against a missed state signal: look again at least this often.
    private static readonly TimeSpan StatePoll = TimeSpan.FromSeconds(1);

    private readonly int _index;
    private readonly IOutbox _outbox;
    private readonly RunnerCredentials _credentials;
    private readonly ClockOffsetEstimator _clock;
    private readonly Func<QueuedCue, bool> _cueSink;
    private readonly UplinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HubConnection _connection;
    private readonly ResiliencePipeline _connect;
    private readonly ResiliencePipeline<PublishAck> _publish;
    private readonly Channel<CueStatusReport> _cueStatuses;
    private readonly Lock _gate = new();
    private TaskCompletionSource _stateChanged = NewSignal();
    private UplinkStatus _status;
    private long _cueStatusesDropped;

    public RunnerUplink(
        int runnerIndex, IOutbox outbox, RunnerCredentials credentials, ClockOffsetEstimator clock,
        Func<QueuedCue, bool> cueSink, UplinkOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        _index = runnerIndex;
        _outbox = outbox;
        _credentials = credentials;
        _clock = clock;
        _cueSink = cueSink;
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger<RunnerUplink>();
        _status = new UplinkStatus { RunnerIndex = runnerIndex, Connection = "joining" };
        _connect = UplinkResilience.BuildConnect(options, time);
        _publish = UplinkResilience.BuildPublish(options, time, after =>
        {
            UpdateStatus(s => s with { RateLimited = s.RateLimited + 1 });
            LogRateLimited(_logger, _index, (long)after.TotalMilliseconds);
        });

        // Statuses wait here across reconnects. DropOldest: a relay offline for hours keeps the newest statuses (the coach
        // cares what happened last); every drop is counted and shown.
        _cueStatuses = Channel.CreateBounded<CueStatusReport>(
            new BoundedChannelOptions(CueStatusCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _cueStatusesDropped));

        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(options.HubUrl, LiveHubContract.Path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = async () => await _credentials.GetTokenAsync(CancellationToken.None);
            })
            .AddMessagePackProtocol()
            .WithAutomaticReconnect(new ForeverReconnectPolicy(options.RetryBaseDelay, options.RetryMaxDelay, credentials.Invalidate))
            .ConfigureLogging(l => l.Services.AddSingleton(loggerFactory))
            .Build();
        _connection.On<CueMessage>(LiveHubContract.Cue, OnCue);
        _connection.Reconnecting += ex =>
        {
            UpdateStatus(s => s with { Connection = "reconnecting", LastError = ex?.Message ?? s.LastError });
            return Task.CompletedTask;
        };
        _connection.Reconnected += _ =>
        {
            // Runners need no group re-join: the hub routes cues to the runner id in the token.
            UpdateStatus(s => s with { Connection = "connected" });
            return Task.CompletedTask;
        };
        _connection.Closed += ex =>
        {
            UpdateStatus(s => s with { Connection = "disconnected", LastError = ex?.Message ?? s.LastError });
            return Task.CompletedTask;
        };
    }

    public int RunnerIndex => _index;

    public UplinkStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status with
                {
                    ClockOffsetMs = _clock.OffsetMs,
                    RttMs = _clock.LastRttMs,
                    RunnerId = _credentials.Identity?.RunnerId,
                    CueStatusesDropped = Interlocked.Read(ref _cueStatusesDropped),
                };
            }
        }
    }

    /// <summary>Raised after each ack that moved the acknowledged seq (tests and the status line listen).</summary>
    public event EventHandler<PublishAck>? Acknowledged;

    /// <summary>Queues a cue status for the hub; sent when connected, kept across reconnects.</summary>
    public void ReportCueStatus(CueStatusReport report) => _cueStatuses.Writer.TryWrite(report);

    /// <summary>Runs until cancelled: the publish pump and the cue-status sender.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var pump = PumpAsync(cancellationToken);
        var statuses = SendCueStatusesAsync(cancellationToken);
        try
        {
            await Task.WhenAll(pump, statuses);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _credentials.Dispose();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await EnsureConnectedAsync(cancellationToken);
                await SendAsync(cancellationToken);
            }
            catch (JoinRejectedException ex)
            {
                // The session ended or the code is wrong: keep every sample on disk, say so, stop this runner's uplink.
                UpdateStatus(s => s with { Connection = "rejected", LastError = ex.Message });
                LogJoinRejected(_logger, ex, _index);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                UpdateStatus(s => s with { Failures = s.Failures + 1, LastError = ex.Message });
                LogRoundFailed(_logger, _index, ex.GetType().Name, ex.Message);
                await Task.Delay(_options.RestartDelay, _time, cancellationToken);
            }
        }
    }

    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (_connection.State)
            {
                case HubConnectionState.Connected:
                    UpdateStatus(s => s.Connection == "connected" ? s : s with { Connection = "connected" });
                    return;
                case HubConnectionState.Disconnected:
                    UpdateStatus(s => s with { Connection = "connecting" });
                    await _connect.ExecuteAsync(
                        static async (state, ct) =>
                        {
                            var (self, outer) = state;
                            // Join before the handshake so a join the hub refuses for good is not retried as a connect error.
                            // The join is not bound by the attempt timeout: a first join whose answer is cut off would
                            // leave a second runner on the hub. It has the HTTP client's own timeout instead.
                            await self._credentials.GetTokenAsync(outer);
                            try
                            {
                                if (self._connection.State == HubConnectionState.Disconnected)
                                {
                                    await self._connection.StartAsync(ct);
                                }
                            }
                            catch (Exception ex) when (ForeverReconnectPolicy.IsUnauthorized(ex))
                            {
                                self._credentials.Invalidate();
                                throw;
                            }
                        },
                        (this, cancellationToken),
                        cancellationToken);
                    UpdateStatus(s => s with { Connection = "connected" });
                    return;
                default:
                    // Connecting or reconnecting on its own (automatic reconnect): wait for it to settle.
                    await WaitForStateChangeAsync(cancellationToken);
                    break;
            }
        }
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var acked = _outbox.GetStats(_index).AckedSeq;
        var next = acked + 1;
        var window = new Queue<InFlight>();
        try
        {
            while (true)
            {
                while (window.Count < _options.MaxInFlight)
                {
                    var pending = await _outbox.ReadPendingAsync(_index, next, _options.BatchSize, cancellationToken);
                    if (pending.Count == 0)
                    {
                        break;
                    }

                    var batch = Prepare(pending);
                    var sentAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
                    var task = _publish.ExecuteAsync(
                        static async (state, ct) => await state.Connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, state.Batch, ct),
                        (Connection: _connection, Batch: batch),
                        cancellationToken).AsTask();
                    window.Enqueue(new InFlight(pending[0].Seq, pending[^1].Seq, sentAt, task));
                    next = pending[^1].Seq + 1;
                    UpdateStatus(s => s with { BatchesSent = s.BatchesSent + 1, SamplesBackfilled = s.SamplesBackfilled + batch.Samples.Count(m => m.Backfilled) });
                }

                if (window.Count == 0)
                {
                    if (_connection.State != HubConnectionState.Connected)
                    {
                        return;
                    }

                    await _outbox.WaitForSeqAsync(_index, next, cancellationToken);
                    continue;
                }

                var head = window.Dequeue();
                var ack = await head.Task;
                var receivedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
                _clock.AddRoundTrip(head.SentAt, receivedAt, ack.HubTime);
                if (ack.UpTo > acked)
                {
                    await _outbox.TrimAsync(_index, ack.UpTo, cancellationToken);
                    acked = ack.UpTo;
                    Acknowledged?.Invoke(this, ack);
                }

                UpdateStatus(s => s with { LastAck = acked, LastAckAt = receivedAt, Duplicates = s.Duplicates + ack.Duplicates });
                if (ack.UpTo < head.Last)
                {
                    // The hub holds less than this batch: something before it was lost. Drain and resend from the ack.
                    LogGap(_logger, _index, ack.UpTo, head.Last);
                    acked = await DrainAsync(window, acked, cancellationToken);
                    next = acked + 1;
                }
            }
        }
        catch
        {
            await DrainAsync(window, acked, cancellationToken);
            throw;
        }
    }

    /// <summary>Waits out the in-flight publishes (their acks still count), so a resend starts from the true ack.</summary>
    private async Task<long> DrainAsync(Queue<InFlight> window, long acked, CancellationToken cancellationToken)
    {
        while (window.TryDequeue(out var inFlight))
        {
            try
            {
                var ack = await inFlight.Task;
                if (ack.UpTo > acked && !cancellationToken.IsCancellationRequested)
                {
                    await _outbox.TrimAsync(_index, ack.UpTo, cancellationToken);
                    acked = ack.UpTo;
                    Acknowledged?.Invoke(this, ack);
                }
            }
#pragma warning disable CA1031 // the failure of a drained publish is already accounted for by the resend
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        UpdateStatus(s => s with { LastAck = Math.Max(s.LastAck, acked) });
        return acked;
    }

    /// <summary>Puts observedAt on the hub's clock and marks samples that are being sent late.</summary>
    private SampleBatch Prepare(IReadOnlyList<MetricSample> pending)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var lateBefore = now - (long)_options.BackfillThreshold.TotalMilliseconds;
        var offset = _clock.OffsetMs;
        var samples = new MetricSample[pending.Count];
        for (var i = 0; i < samples.Length; i++)
        {
            var s = pending[i];
            samples[i] = s with { ObservedAt = s.ObservedAt + offset, Backfilled = s.Backfilled || s.ObservedAt < lateBefore };
        }

        return new SampleBatch { Samples = samples };
    }

    private void OnCue(CueMessage cue)
    {
        var expiresLocal = DateTimeOffset.FromUnixTimeMilliseconds(_clock.ToRelayTime(cue.ExpiresAt));
        _cueSink(new QueuedCue(_index, cue, expiresLocal));
    }

    private async Task SendCueStatusesAsync(CancellationToken cancellationToken)
    {
        var reader = _cueStatuses.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryPeek(out var report))
            {
                if (_connection.State != HubConnectionState.Connected)
                {
                    await WaitForStateChangeAsync(cancellationToken);
                    continue;
                }

                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(_options.PublishTimeout);
                    await _connection.InvokeAsync(LiveHubContract.ReportCueStatus, report, timeout.Token);
                    reader.TryRead(out _);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogCueStatusFailed(_logger, _index, report.CueId, ex.Message);
                    await Task.Delay(_options.RestartDelay, _time, cancellationToken);
                }
            }
        }
    }

    private async Task WaitForStateChangeAsync(CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            changed = _stateChanged.Task;
        }

        if (_connection.State == HubConnectionState.Connected)
        {
            return;
        }

        try
        {
            await changed.WaitAsync(_options.ConnectTimeout < StatePoll ? _options.ConnectTimeout : StatePoll, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    private void UpdateStatus(Func<UplinkStatus, UplinkStatus> update)
    {
        TaskCompletionSource? signal = null;
        lock (_gate)
        {
            var before = _status.Connection;
            _status = update(_status);
            if (before != _status.Connection)
            {
                signal = _stateChanged;
                _stateChanged = NewSignal();
            }
        }

        signal?.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record InFlight(long First, long Last, long SentAt, Task<PublishAck> Task);

    [LoggerMessage(210, LogLevel.Warning, "Runner {RunnerIndex}: uplink round failed ({Error}: {Message}); resending from the last ack", EventName = "RoundFailed")]
    private static partial void LogRoundFailed(ILogger logger, int runnerIndex, string error, string message);

    [LoggerMessage(211, LogLevel.Information, "Runner {RunnerIndex}: hub acked {UpTo} for a batch ending at {Last}; resending from the ack", EventName = "AckGap")]
    private static partial void LogGap(ILogger logger, int runnerIndex, long upTo, long last);

    [LoggerMessage(212, LogLevel.Error, "Runner {RunnerIndex}: the hub refused the join; samples stay in the outbox", EventName = "JoinRejected")]
    private static partial void LogJoinRejected(ILogger logger, Exception exception, int runnerIndex);

    [LoggerMessage(214, LogLevel.Debug, "Runner {RunnerIndex}: the hub rate-limited a publish; sending it again in about {RetryAfterMs} ms", EventName = "PublishRateLimited")]
    private static partial void LogRateLimited(ILogger logger, int runnerIndex, long retryAfterMs);

    [LoggerMessage(213, LogLevel.Debug, "Runner {RunnerIndex}: cue status for {CueId} not sent yet ({Message})", EventName = "CueStatusDeferred")]
    private static partial void LogCueStatusFailed(ILogger logger, int runnerIndex, string cueId, string message);
}
