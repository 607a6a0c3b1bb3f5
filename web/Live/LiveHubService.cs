using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// The .NET SignalR client in the browser, on <c>/hubs/live</c> with the session's coach token. Reconnects forever;
/// after every reconnect it calls <c>Watch</c> again (SignalR forgets the group) and reads back from the recording what
/// the page missed while away, so a sparkline keeps no hole.
/// </summary>
/// <remarks>
/// Seq holes within the live feed (the hub dropped frames for a page that could not keep up) are not read back: the
/// sparkline averages 2 s buckets, and a page that is already behind must not take on more work.
/// </remarks>
public sealed partial class LiveHubService(
    LiveStore store, LiveCoachToken tokens, RecordedSamples recording, NavigationManager navigation, TimeProvider time,
    LivePerf perf, PackedFeed packed, ILogger<LiveHubService> logger) : ILiveHubService, IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private HubConnection? _connection;
    private string _sessionId = "";
    private string? _token;
    private bool _disposed;

    public async Task StartAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return;
        }

        _sessionId = sessionId;
        _token = await tokens.GetAsync(sessionId, cancellationToken);
        if (_token is null)
        {
            store.SetConnection(new LiveConnectionState(LiveConnectionStatus.Offline, time.GetLocalNow(),
                "No coach token for this session: open its coach URL, or sign in with the coach key on the start page."));
            return;
        }

        _connection = Build();
        _ = ConnectLoopAsync(resync: false);
    }

    public async Task<IReadOnlyList<string>> SendCueAsync(CueRequest request, CancellationToken cancellationToken)
    {
        var answer = await Connected().InvokeAsync<string[]>(LiveHubContract.SendCue, request, cancellationToken);
        return answer ?? [];
    }

    public Task<SessionMarker> AddMarkerAsync(MarkerRequest request, CancellationToken cancellationToken) =>
        Connected().InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, request, cancellationToken);

    public Task<SessionSummary> SetAutoCueAsync(AutoCueMode mode, CancellationToken cancellationToken) =>
        Connected().InvokeAsync<SessionSummary>(LiveHubContract.SetAutoCue, mode, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _lifetime.CancelAsync();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _lifetime.Dispose();
    }

    private HubConnection Connected() =>
        _connection is { State: HubConnectionState.Connected } connection
            ? connection
            : throw new InvalidOperationException("Not connected to the hub: wait for the badge to say connected, then try again.");

    private HubConnection Build()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(navigation.ToAbsoluteUri(LiveHubContract.Path.TrimStart('/')),
                HttpTransportType.WebSockets | HttpTransportType.LongPolling,
                options => options.AccessTokenProvider = async () => _token = await tokens.FreshAsync(_sessionId, _token, _lifetime.Token))
            .AddMessagePackProtocol()
            .WithAutomaticReconnect(new ForeverRetryPolicy())
            .Build();

        // Keep-alive defaults (15 s ping, 30 s timeout) find a dead Wi-Fi link; the page then reconnects on its own.
        // The page watches packed (WatchPacked): samples come as SamplesPacked bytes, read with the core codec.
        connection.On<byte[]>(LiveHubContract.SamplesPacked, frame => perf.Measure(packed.Apply, frame));
        connection.On<SamplesFrame>(LiveHubContract.Samples, frame => perf.Measure(store.ApplySamples, frame));
        connection.On<FormAlert>(LiveHubContract.Alert, store.ApplyAlert);
        connection.On<FormAlert>(LiveHubContract.AlertCleared, store.ApplyAlert);
        connection.On<RunnerStatusUpdate>(LiveHubContract.RunnerStatus, store.ApplyRunnerStatus);
        connection.On<CueUpdate>(LiveHubContract.CueUpdate, store.ApplyCue);
        connection.On<SessionMarker>(LiveHubContract.MarkerAdded, store.ApplyMarker);
        connection.On<RepCompleted>(LiveHubContract.RepCompleted, store.ApplyRep);
        connection.On<SessionSummary>(LiveHubContract.SessionUpdated, store.ApplySession);
        // Laps belong to the review; handled (and ignored) here so the client does not warn for each one.
        connection.On<LapCompleted>(LiveHubContract.LapCompleted, _ => { });
        connection.Reconnecting += OnReconnectingAsync;
        connection.Reconnected += OnReconnectedAsync;
        connection.Closed += OnClosedAsync;
        return connection;
    }

    /// <summary>Starts the connection until it works (forever), then watches; <paramref name="resync"/> fills the gap after.</summary>
    private async Task ConnectLoopAsync(bool resync)
    {
        var connection = _connection!;
        var lifetime = _lifetime.Token;
        var since = time.GetLocalNow();
        for (var attempt = 0L; !lifetime.IsCancellationRequested; attempt++)
        {
            try
            {
                var seenBefore = resync ? store.SeenSoFar() : null;
                if (connection.State == HubConnectionState.Disconnected)
                {
                    await connection.StartAsync(lifetime);
                }
                else if (connection.State != HubConnectionState.Connected)
                {
                    // The link dropped after it started (during Watch): the automatic reconnect owns it now, and
                    // OnReconnectedAsync watches again. Starting it here too would fail for as long as it reconnects.
                    return;
                }

                if (connection.State == HubConnectionState.Connected)
                {
                    store.SetConnection(new LiveConnectionState(LiveConnectionStatus.Connected, time.GetLocalNow()));
                }

                await WatchAsync(seenBefore, lifetime);
                return;
            }
            catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                // An expired or revoked token: one minted from the coach key (if signed in) replaces it.
                _token = await tokens.MintAsync(_sessionId, lifetime);
                if (_token is null)
                {
                    store.SetConnection(new LiveConnectionState(LiveConnectionStatus.Offline, since,
                        "The hub refused this page's coach token: open the session's coach URL again, or sign in with the coach key."));
                    return;
                }

                // The first refusal retries at once with the fresh token; a hub that keeps refusing is not hammered.
                if (attempt > 0 && !await WaitAsync(ForeverRetryPolicy.DelayFor(attempt), lifetime))
                {
                    return;
                }
            }
            catch (HubException ex)
            {
                LogWatchRefused(logger, _sessionId, ex.Message);
                store.SetConnection(new LiveConnectionState(LiveConnectionStatus.Offline, since, ex.Message));
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or InvalidOperationException
                                           or System.Net.WebSockets.WebSocketException or JsonException or OperationCanceledException
                                           or AggregateException)
            {
                if (connection.State == HubConnectionState.Reconnecting)
                {
                    // As above: Watch failed because the link dropped; the automatic reconnect shows and fixes that.
                    LogReconnecting(logger, ex);
                    return;
                }

                var delay = ForeverRetryPolicy.DelayFor(attempt);
                LogConnectFailed(logger, delay, ex);
                store.SetConnection(new LiveConnectionState(LiveConnectionStatus.Offline, since, "Hub unreachable; retrying"));
                if (!await WaitAsync(delay, lifetime))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Waits on the injected clock; false when the page is closing.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WatchAsync(Dictionary<string, (long Seq, long ObservedAt)>? seenBefore, CancellationToken cancellationToken)
    {
        var snapshot = await _connection!.InvokeAsync<SessionSnapshot>(LiveHubContract.WatchPacked, _sessionId, cancellationToken)
            ?? throw new JsonException("Watch answered null");
        store.ApplySnapshot(snapshot, snapshot.Session.HrMaxBpm);
        LogWatching(logger, _sessionId);
        _ = LoadMarkersAndRepsAsync();
        if (seenBefore is not null)
        {
            _ = FillGapsAsync(snapshot, seenBefore);
        }
    }

    private async Task FillGapsAsync(SessionSnapshot snapshot, Dictionary<string, (long Seq, long ObservedAt)> seenBefore)
    {
        var windowMs = (long)store.Options.HistoryWindow.TotalMilliseconds;
        foreach (var runner in snapshot.Runners)
        {
            var seen = seenBefore.GetValueOrDefault(runner.RunnerId);
            if (runner.LastSeq <= seen.Seq)
            {
                continue;
            }

            // Only what a sparkline draws: from the last sample seen, at most the window back from the newest.
            var windowStart = (runner.Latest?.ObservedAt ?? snapshot.HubTime) - windowMs;
            var from = seen.Seq > 0 ? Math.Max(seen.ObservedAt, windowStart) : windowStart;
            await ReadBackAsync(runner.RunnerId, seen.Seq + 1, runner.LastSeq, from);
        }
    }

    /// <summary>
    /// The markers and reps made before this page watched (or while it was away): the live events only carry new
    /// ones. Applying one twice is harmless (markers by id, reps by number).
    /// </summary>
    private async Task LoadMarkersAndRepsAsync()
    {
        if (_token is not { } token || _lifetime.IsCancellationRequested)
        {
            return;
        }

        try
        {
            foreach (var marker in await recording.ReadMarkersAsync(_sessionId, token, _lifetime.Token))
            {
                store.ApplyMarker(marker);
            }

            foreach (var runner in await recording.ReadRepsAsync(_sessionId, token, _lifetime.Token))
            {
                foreach (var rep in runner.Reps)
                {
                    store.ApplyRep(new RepCompleted { SessionId = _sessionId, RunnerId = runner.RunnerId, Rep = rep });
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Leaving the page.
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or NotSupportedException)
        {
            // The lists fill from the live events from now on; the review shows the rest.
            LogHistoryFailed(logger, _sessionId, ex);
        }
    }

    private async Task ReadBackAsync(string runnerId, long fromSeq, long toSeq, long fromObservedAt)
    {
        if (_token is not { } token || _lifetime.IsCancellationRequested)
        {
            return;
        }

        try
        {
            var samples = await recording.ReadAsync(_sessionId, runnerId, fromSeq, toSeq, fromObservedAt, token, _lifetime.Token);
            store.ApplyRecorded(runnerId, samples);
            LogGapFilled(logger, runnerId, samples.Length);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Leaving the page.
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or NotSupportedException)
        {
            // The samples are recorded; the review shows them. The live view carries on without them.
            LogGapFillFailed(logger, runnerId, fromSeq, toSeq, ex);
        }
    }

    private Task OnReconnectingAsync(Exception? error)
    {
        LogReconnecting(logger, error);
        store.SetConnection(new LiveConnectionState(LiveConnectionStatus.Reconnecting, time.GetLocalNow(), error?.Message));
        return Task.CompletedTask;
    }

    private async Task OnReconnectedAsync(string? connectionId)
    {
        store.SetConnection(new LiveConnectionState(LiveConnectionStatus.Connected, time.GetLocalNow()));
        try
        {
            // No frame arrives between the reconnect and Watch (SignalR forgot the group): what was seen so far is final.
            await WatchAsync(store.SeenSoFar(), _lifetime.Token);
        }
        catch (HubException ex)
        {
            LogWatchRefused(logger, _sessionId, ex.Message);
            store.SetConnection(new LiveConnectionState(LiveConnectionStatus.Offline, time.GetLocalNow(), ex.Message));
        }
        catch (Exception ex) when (ex is JsonException or OperationCanceledException or InvalidOperationException)
        {
            // The connection dropped again during Watch: the reconnect loop is already on it. If it did not drop (a bad
            // answer), nothing else would watch again: the connect loop retries Watch on the live connection.
            LogReconnecting(logger, ex);
            if (_connection is { State: HubConnectionState.Connected } && !_lifetime.IsCancellationRequested)
            {
                _ = ConnectLoopAsync(resync: true);
            }
        }
    }

    private Task OnClosedAsync(Exception? error)
    {
        if (_disposed)
        {
            return Task.CompletedTask;
        }

        // Closed only comes when the automatic reconnect stopped (the server closed on purpose): start over, forever.
        store.SetConnection(new LiveConnectionState(LiveConnectionStatus.Offline, time.GetLocalNow(), error?.Message));
        _ = ConnectLoopAsync(resync: true);
        return Task.CompletedTask;
    }
}
