using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using Microsoft.Extensions.DependencyInjection;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>
/// The coach's live connection to <c>/hubs/live</c>: watches one session, turns hub calls into <see cref="LiveEvent"/>s,
/// reconnects forever, and after every reconnect watches again (SignalR forgets group membership) and resyncs from the
/// snapshot, telling the reader how long the gap was. With a recording to read from, it then fills the gap: each
/// runner's samples it missed while away (up to the snapshot's <c>lastSeq</c>, within the history window it shows)
/// are read back over REST and handed on as <see cref="GapFilled"/> (<see cref="MissedSampleFiller"/>).
/// </summary>
internal sealed class CoachHubConnection : ICueSender, IMarkerSender, IAsyncDisposable
{
    /// <summary>
    /// Events wait here for the dashboard or the JSON writer. Full mode Wait: a reader that falls behind slows the
    /// connection's receive loop, so the hub's per-coach sender sees a slow coach, coalesces and drops frames for it
    /// and reports <c>lagging</c>; silently dropping events here instead would hide alerts and cue updates.
    /// </summary>
    private readonly Channel<LiveEvent> _events = Channel.CreateBounded<LiveEvent>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly HubConnection _connection;
    private readonly string _sessionId;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly MissedSampleFiller _missed;
    private readonly IRecordedTrack? _track;
    private long _disconnectedAt;
    private int _disposed;

    /// <summary>
    /// Watches <paramref name="sessionId"/> on <paramref name="target"/>'s hub. <paramref name="recording"/> is where missed
    /// samples are read back after a resync (null: the gap is shown, not filled); <paramref name="fillWindow"/> is how far
    /// back from a runner's newest sample a gap is filled (default 3 min, what the dashboard draws).
    /// </summary>
    public CoachHubConnection(HubTarget target, string sessionId, CoachTokenSource tokens, TimeProvider time,
        IRecordedSamples? recording = null, TimeSpan? fillWindow = null, IRecordedTrack? track = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(tokens);
        _sessionId = sessionId;
        _time = time;
        _track = track;
        _missed = new MissedSampleFiller(sessionId, recording, fillWindow ?? DefaultFillWindow, time, EmitAsync, _lifetime.Token);
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(target.HubUrl, LiveHubContract.Path.TrimStart('/')),
                HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling,
                options => options.AccessTokenProvider = async () => await tokens.GetAsync(_lifetime.Token).ConfigureAwait(false))
            .AddJsonProtocol(options => options.PayloadSerializerOptions = new JsonSerializerOptions(CoachJson.Options))
            .WithAutomaticReconnect(new ForeverRetryPolicy())
            .Build();

        _connection.On<SamplesFrame>(LiveHubContract.Samples, frame =>
        {
            _missed.Note(frame);
            return EmitAsync(new SamplesReceived(frame));
        });
        _connection.On<FormAlert>(LiveHubContract.Alert, alert => EmitAsync(new AlertRaised(alert)));
        _connection.On<FormAlert>(LiveHubContract.AlertCleared, alert => EmitAsync(new AlertCleared(alert)));
        _connection.On<RunnerStatusUpdate>(LiveHubContract.RunnerStatus, status => EmitAsync(new RunnerStatusChanged(status)));
        _connection.On<CueUpdate>(LiveHubContract.CueUpdate, cue => EmitAsync(new CueUpdated(cue)));
        _connection.On<RepCompleted>(LiveHubContract.RepCompleted, rep => EmitAsync(new RepReceived(rep)));
        _connection.On<LapCompleted>(LiveHubContract.LapCompleted, lap => EmitAsync(new LapReceived(lap)));
        _connection.On<SessionMarker>(LiveHubContract.MarkerAdded, marker => EmitAsync(new MarkerReceived(marker)));
        _connection.On<SessionSummary>(LiveHubContract.SessionUpdated, session => EmitAsync(new SessionUpdated(session)));
        _connection.Reconnecting += OnReconnectingAsync;
        _connection.Reconnected += OnReconnectedAsync;
        _connection.Closed += OnClosedAsync;
    }

    public static TimeSpan DefaultFillWindow { get; } = TimeSpan.FromMinutes(3);

    public ChannelReader<LiveEvent> Events => _events.Reader;

    /// <summary>Completes when the gap fills started so far have been handed on (tests; shutdown does not wait).</summary>
    public Task Filling => _missed.Filling;

    public HubConnectionState State => _connection.State;

    /// <summary>Connects (retrying until the hub answers) and watches the session; the snapshot is the first event.</summary>
    /// <exception cref="HubApiException">The hub refused the credentials or the session; retrying would not help.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        await EmitAsync(new ConnectionChanged(HubConnectionStatus.Connecting, _connection.ToString())).ConfigureAwait(false);
        await ConnectAsync(gap: null, linked.Token).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> SendCueAsync(CueRequest request, CancellationToken cancellationToken)
    {
        var answer = await _connection.InvokeAsync<JsonElement>(LiveHubContract.SendCue, request, cancellationToken).ConfigureAwait(false);
        return CueIds.Parse(answer);
    }

    public Task<SessionMarker> AddMarkerAsync(MarkerRequest request, CancellationToken cancellationToken) =>
        _connection.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, request, cancellationToken);

    /// <summary>The hub's <c>Replay</c> stream as events, in recorded order.</summary>
    public async IAsyncEnumerable<LiveEvent> ReplayAsync(string sessionId, double speed, long fromMs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = _connection.StreamAsync<JsonElement>(LiveHubContract.Replay, sessionId, speed, fromMs, cancellationToken);
        await foreach (var item in stream.ConfigureAwait(false))
        {
            foreach (var evt in ReplayItems.Parse(item))
            {
                yield return evt;
            }
        }
    }

    /// <summary>Connects without watching: what replay needs.</summary>
    public Task ConnectOnlyAsync(CancellationToken cancellationToken) => StartConnectionAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _events.Writer.TryComplete();
        _lifetime.Dispose();
    }

    private async Task ConnectAsync(TimeSpan? gap, CancellationToken cancellationToken)
    {
        await StartConnectionAsync(cancellationToken).ConfigureAwait(false);
        await EmitAsync(new ConnectionChanged(HubConnectionStatus.Connected, null)).ConfigureAwait(false);
        await WatchAsync(gap, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartConnectionAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0L; ; attempt++)
        {
            try
            {
                await _connection.StartAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new HubApiException(ex.StatusCode.Value,
                    $"The hub refused the coach credentials ({(int)ex.StatusCode}). Check --token / --coach-key.");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or System.Net.WebSockets.WebSocketException
                                       && !cancellationToken.IsCancellationRequested)
            {
                // The hub is not up yet or restarting: keep trying, as the automatic reconnect does once connected.
                await EmitAsync(new ConnectionChanged(HubConnectionStatus.Reconnecting, ex.Message)).ConfigureAwait(false);
                await Task.Delay(ForeverRetryPolicy.DelayFor(attempt), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WatchAsync(TimeSpan? gap, CancellationToken cancellationToken)
    {
        try
        {
            // No frame arrives between the reconnect and Watch (SignalR forgot the group): what was seen so far is final.
            var seenBefore = gap is null ? null : _missed.SeenSoFar();
            var snapshot = await _connection.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, _sessionId, cancellationToken).ConfigureAwait(false);
            _missed.Note(snapshot);
            await EmitAsync(new SnapshotReceived(snapshot, gap)).ConfigureAwait(false);
            if (seenBefore is not null)
            {
                _missed.FillGapsAfterResync(snapshot, seenBefore);
            }

            if (_track is not null)
            {
                _ = FillTrackAsync(_track);
            }
        }
        catch (HubException ex)
        {
            throw new HubApiException($"The hub refused to watch session {_sessionId}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the reps and laps run so far, off the connect path: the matrix fills in a moment later.</summary>
    private async Task FillTrackAsync(IRecordedTrack track)
    {
        try
        {
            var recorded = await track.GetTrackAsync(_sessionId, _lifetime.Token).ConfigureAwait(false);
            await EmitAsync(new TrackBackfilled(recorded)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HubApiException or HttpRequestException or JsonException)
        {
            await EmitAsync(new TrackBackfilled(new RecordedTrack([], []), ex.Message)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private async Task OnReconnectingAsync(Exception? error)
    {
        Interlocked.Exchange(ref _disconnectedAt, _time.GetTimestamp());
        await EmitAsync(new ConnectionChanged(HubConnectionStatus.Reconnecting, error?.Message)).ConfigureAwait(false);
    }

    private async Task OnReconnectedAsync(string? connectionId)
    {
        var gap = _time.GetElapsedTime(Interlocked.Read(ref _disconnectedAt));
        await EmitAsync(new ConnectionChanged(HubConnectionStatus.Connected, null)).ConfigureAwait(false);
        try
        {
            await WatchAsync(gap, _lifetime.Token).ConfigureAwait(false);
        }
        catch (HubApiException ex)
        {
            await EmitAsync(new ConnectionChanged(HubConnectionStatus.Connected, ex.Message)).ConfigureAwait(false);
        }
    }

    private async Task OnClosedAsync(Exception? error)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        // Closed only comes when the automatic reconnect stopped (e.g. the server closed the connection on purpose):
        // start over, forever, as the coach expects.
        Interlocked.Exchange(ref _disconnectedAt, _time.GetTimestamp());
        await EmitAsync(new ConnectionChanged(HubConnectionStatus.Disconnected, error?.Message)).ConfigureAwait(false);
        _ = Task.Run(async () =>
        {
            try
            {
                var gapStart = Interlocked.Read(ref _disconnectedAt);
                await StartConnectionAsync(_lifetime.Token).ConfigureAwait(false);
                await EmitAsync(new ConnectionChanged(HubConnectionStatus.Connected, null)).ConfigureAwait(false);
                await WatchAsync(_time.GetElapsedTime(gapStart), _lifetime.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Disposed while reconnecting.
            }
            catch (HubApiException ex)
            {
                await EmitAsync(new ConnectionChanged(HubConnectionStatus.Disconnected, ex.Message)).ConfigureAwait(false);
            }
        });
    }

    private async Task EmitAsync(LiveEvent evt)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            await _events.Writer.WriteAsync(evt, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException or ObjectDisposedException)
        {
            // Shutting down: the reader is gone.
        }
    }
}
