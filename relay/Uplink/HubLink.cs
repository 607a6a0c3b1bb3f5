using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.RunnerKit.Uplink;
using Polly;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// One runner's connection to the hub: a WebSocket + MessagePack <see cref="HubConnection"/> that reconnects forever,
/// and the runner's <see cref="UplinkStatus"/>, including why and since when the hub is out of reach.
/// </summary>
internal sealed class HubLink : IAsyncDisposable
{
    // Safety net against a missed state signal: look again at least this often.
    private static readonly TimeSpan StatePoll = TimeSpan.FromSeconds(1);

    private readonly RunnerCredentials _credentials;
    private readonly ClockOffsetEstimator _clock;
    private readonly UplinkOptions _options;
    private readonly TimeProvider _time;
    private readonly HubConnection _connection;
    private readonly ResiliencePipeline _connect;
    private readonly Lock _gate = new();
    private TaskCompletionSource _stateChanged = NewSignal();
    private UplinkStatus _status;

    public HubLink(
        int runnerIndex, RunnerCredentials credentials, ClockOffsetEstimator clock, UplinkOptions options, TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _clock = clock;
        _options = options;
        _time = time;
        _status = new UplinkStatus { RunnerIndex = runnerIndex, State = UplinkState.Joining };
        _connect = UplinkResilience.BuildConnect(options, time, OnAttemptFailed);
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(options.HubUrl, LiveHubContract.Path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = async () => await _credentials.GetTokenAsync(CancellationToken.None);
            })
            .AddMessagePackProtocol()
            .WithAutomaticReconnect(new ForeverReconnectPolicy(options.RetryBaseDelay, options.RetryMaxDelay, credentials.Invalidate, OnAttemptFailed))
            .ConfigureLogging(l => l.Services.AddSingleton(loggerFactory))
            .Build();
        _connection.Reconnecting += ex =>
        {
            UpdateStatus(s => Unreachable(s, ex) with { State = UplinkState.Reconnecting, LastError = ex?.Message ?? s.LastError });
            return Task.CompletedTask;
        };
        _connection.Reconnected += _ =>
        {
            // Runners need no group re-join: the hub routes cues to the runner id in the token.
            UpdateStatus(Reachable);
            return Task.CompletedTask;
        };
        _connection.Closed += ex =>
        {
            UpdateStatus(s => Unreachable(s, ex) with { State = UplinkState.Disconnected, LastError = ex?.Message ?? s.LastError });
            return Task.CompletedTask;
        };
    }

    public bool IsConnected => _connection.State == HubConnectionState.Connected;

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
                };
            }
        }
    }

    public void OnCue(Action<CueMessage> handler) => _connection.On(LiveHubContract.Cue, handler);

    public Task<PublishAck> PublishAsync(SampleBatch batch, CancellationToken cancellationToken) =>
        _connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, batch, cancellationToken);

    public Task ReportCueStatusAsync(CueStatusReport report, CancellationToken cancellationToken) =>
        _connection.InvokeAsync(LiveHubContract.ReportCueStatus, report, cancellationToken);

    /// <summary>Returns once connected: starts the connection through the connect pipeline, or waits out a reconnect.</summary>
    public async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (_connection.State)
            {
                case HubConnectionState.Connected:
                    UpdateStatus(s => s.State == UplinkState.Connected ? s : Reachable(s));
                    return;
                case HubConnectionState.Disconnected:
                    UpdateStatus(s => s with { State = UplinkState.Connecting });
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
                    UpdateStatus(Reachable);
                    return;
                default:
                    // Connecting or reconnecting on its own (automatic reconnect): wait for it to settle.
                    await WaitForStateChangeAsync(cancellationToken);
                    break;
            }
        }
    }

    /// <summary>Completes when the state changes, or after a short poll, or at once when connected.</summary>
    public async Task WaitForStateChangeAsync(CancellationToken cancellationToken)
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

    public void MarkRejected(JoinRejectedException rejection) =>
        UpdateStatus(s => s with { State = UplinkState.Rejected, LastError = rejection.Message, Rejection = rejection, NextAttemptAt = null });

    public void UpdateStatus(Func<UplinkStatus, UplinkStatus> update)
    {
        TaskCompletionSource? signal = null;
        lock (_gate)
        {
            var before = _status.State;
            _status = update(_status);
            if (before != _status.State)
            {
                signal = _stateChanged;
                _stateChanged = NewSignal();
            }
        }

        signal?.TrySetResult();
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private void OnAttemptFailed(Exception? failure, TimeSpan nextAttemptIn)
    {
        var next = _time.GetUtcNow() + nextAttemptIn;
        UpdateStatus(s => s.State == UplinkState.Rejected ? s : Unreachable(s, failure) with { NextAttemptAt = next });
    }

    private UplinkStatus Unreachable(UplinkStatus status, Exception? failure) => status with
    {
        UnreachableSince = status.UnreachableSince ?? _time.GetUtcNow(),
        UnreachableReason = NetworkErrors.Describe(failure) ?? status.UnreachableReason ?? "connection lost",
    };

    private static UplinkStatus Reachable(UplinkStatus status) =>
        status with { State = UplinkState.Connected, UnreachableSince = null, UnreachableReason = null, NextAttemptAt = null };

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
