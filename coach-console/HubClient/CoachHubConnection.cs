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
/// are read back over REST and handed on as <see cref="GapFilled"/>.
/// </summary>
internal sealed class CoachHubConnection : ICueSender, IAsyncDisposable
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
    private readonly IRecordedSamples? _recording;
    private readonly TimeSpan _fillWindow;

    /// <summary>Per runner, the highest seq this console has been handed (frames or snapshot) and that sample's time.</summary>
    private readonly Dictionary<string, (long Seq, long ObservedAt)> _seen = new(StringComparer.Ordinal);
    private readonly Lock _seenGate = new();
    private Task _filling = Task.CompletedTask;

    /// <summary>Per runner, the seqs skipped in the live feed since the last hole fill (merged into one range).</summary>
    private readonly Dictionary<string, (long From, long To, long FromObservedAt)> _holes = new(StringComparer.Ordinal);
    private bool _holeFillScheduled;
    private long _disconnectedAt;
    private int _disposed;

    /// <summary>
    /// Watches <paramref name="sessionId"/> on <paramref name="target"/>'s hub. <paramref name="recording"/> is where missed
    /// samples are read back after a resync (null: the gap is shown, not filled); <paramref name="fillWindow"/> is how far
    /// back from a runner's newest sample a gap is filled (default 3 min, what the dashboard draws).
    /// </summary>
    public CoachHubConnection(HubTarget target, string sessionId, CoachTokenSource tokens, TimeProvider time,
        IRecordedSamples? recording = null, TimeSpan? fillWindow = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(tokens);
        _sessionId = sessionId;
        _time = time;
        _recording = recording;
        _fillWindow = fillWindow ?? DefaultFillWindow;
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(target.HubUrl, LiveHubContract.Path.TrimStart('/')),
                HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling,
                options => options.AccessTokenProvider = async () => await tokens.GetAsync(_lifetime.Token).ConfigureAwait(false))
            .AddJsonProtocol(options => options.PayloadSerializerOptions = new JsonSerializerOptions(CoachJson.Options))
            .WithAutomaticReconnect(new ForeverRetryPolicy())
            .Build();

        _connection.On<SamplesFrame>(LiveHubContract.Samples, frame =>
        {
            Note(frame);
            return EmitAsync(new SamplesReceived(frame));
        });
        _connection.On<FormAlert>(LiveHubContract.Alert, alert => EmitAsync(new AlertRaised(alert)));
        _connection.On<FormAlert>(LiveHubContract.AlertCleared, alert => EmitAsync(new AlertCleared(alert)));
        _connection.On<RunnerStatusUpdate>(LiveHubContract.RunnerStatus, status => EmitAsync(new RunnerStatusChanged(status)));
        _connection.On<CueUpdate>(LiveHubContract.CueUpdate, cue => EmitAsync(new CueUpdated(cue)));
        _connection.Reconnecting += OnReconnectingAsync;
        _connection.Reconnected += OnReconnectedAsync;
        _connection.Closed += OnClosedAsync;
    }

    public static TimeSpan DefaultFillWindow { get; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// How long after a jump in a runner's seqs the skipped ones are read back: the hub fans a batch out before its
    /// commit, so the read waits for the commit (milliseconds; a second leaves room for a busy hub).
    /// </summary>
    public static TimeSpan HoleFillDelay { get; } = TimeSpan.FromSeconds(1);

    public ChannelReader<LiveEvent> Events => _events.Reader;

    /// <summary>Completes when the gap fills started so far have been handed on (tests; shutdown does not wait).</summary>
    public Task Filling
    {
        get
        {
            lock (_seenGate)
            {
                return _filling;
            }
        }
    }

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
            var seenBefore = gap is null ? null : SeenSoFar();
            var snapshot = await _connection.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, _sessionId, cancellationToken).ConfigureAwait(false);
            Note(snapshot);
            await EmitAsync(new SnapshotReceived(snapshot, gap)).ConfigureAwait(false);
            if (seenBefore is not null && _recording is not null)
            {
                // Off the reconnect callback, one fill after the other: live frames keep flowing while the gap is read.
                lock (_seenGate)
                {
                    _filling = FillGapsAfterAsync(_filling, snapshot, seenBefore, _recording);
                }
            }
        }
        catch (HubException ex)
        {
            throw new HubApiException($"The hub refused to watch session {_sessionId}: {ex.Message}", ex);
        }
    }

    private async Task FillGapsAfterAsync(Task previous, SessionSnapshot snapshot, Dictionary<string, (long Seq, long ObservedAt)> seenBefore,
        IRecordedSamples recording)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        var token = _lifetime.Token;
        foreach (var runner in snapshot.Runners)
        {
            var seen = seenBefore.GetValueOrDefault(runner.RunnerId);
            if (runner.LastSeq <= seen.Seq || token.IsCancellationRequested)
            {
                continue;
            }

            // Only what the console would draw: from the last sample it saw, at most the window back from the newest.
            var windowStart = (runner.Latest?.ObservedAt ?? snapshot.HubTime) - (long)_fillWindow.TotalMilliseconds;
            var from = seen.Seq > 0 ? Math.Max(seen.ObservedAt, windowStart) : windowStart;
            if (await ReadBackAsync(recording, runner.RunnerId, seen.Seq + 1, runner.LastSeq, from, GapCause.Resync, token).ConfigureAwait(false) is { } filled)
            {
                await EmitAsync(filled).ConfigureAwait(false);
            }
        }
    }

    private async Task FillHolesAfterAsync(Task previous, IRecordedSamples recording)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        var token = _lifetime.Token;
        try
        {
            await Task.Delay(HoleFillDelay, _time, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        KeyValuePair<string, (long From, long To, long FromObservedAt)>[] holes;
        lock (_seenGate)
        {
            holes = [.. _holes];
            _holes.Clear();
            _holeFillScheduled = false;
        }

        foreach (var (runnerId, hole) in holes)
        {
            if (await ReadBackAsync(recording, runnerId, hole.From, hole.To, hole.FromObservedAt, GapCause.SeqJump, token).ConfigureAwait(false) is { } filled)
            {
                await EmitAsync(filled).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Seqs <paramref name="fromSeq"/>..<paramref name="toSeq"/> of one runner from the recording; null when shutting down.</summary>
    private async Task<GapFilled?> ReadBackAsync(IRecordedSamples recording, string runnerId, long fromSeq, long toSeq, long fromObservedAt,
        GapCause cause, CancellationToken token)
    {
        try
        {
            var samples = await recording.GetSamplesAsync(_sessionId, runnerId, fromObservedAt, token).ConfigureAwait(false);
            return new GapFilled(runnerId, fromSeq, toSeq, [.. samples.Where(s => s.Seq >= fromSeq && s.Seq <= toSeq)], Cause: cause);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or HubApiException or JsonException or IOException or OperationCanceledException)
        {
            return new GapFilled(runnerId, fromSeq, toSeq, [],
                $"could not read the missed samples back ({ex.Message}); they are recorded: open the session review to see them", cause);
        }
    }

    private void Note(SamplesFrame frame)
    {
        lock (_seenGate)
        {
            foreach (var group in frame.Runners)
            {
                foreach (var sample in group.Samples)
                {
                    if (_recording is not null && _seen.TryGetValue(group.RunnerId, out var seen) && seen.Seq > 0 && sample.Seq > seen.Seq + 1)
                    {
                        _holes[group.RunnerId] = _holes.TryGetValue(group.RunnerId, out var h)
                            ? (Math.Min(h.From, seen.Seq + 1), Math.Max(h.To, sample.Seq - 1), Math.Min(h.FromObservedAt, seen.ObservedAt))
                            : (seen.Seq + 1, sample.Seq - 1, seen.ObservedAt);
                    }

                    Note(group.RunnerId, sample.Seq, sample.ObservedAt);
                }
            }

            if (_holes.Count > 0 && !_holeFillScheduled && _recording is not null)
            {
                // At most one read per runner per HoleFillDelay, however many frames skip: a lagging console is not
                // made slower by its own repairs.
                _holeFillScheduled = true;
                _filling = FillHolesAfterAsync(_filling, _recording);
            }
        }
    }

    private void Note(SessionSnapshot snapshot)
    {
        lock (_seenGate)
        {
            foreach (var runner in snapshot.Runners)
            {
                Note(runner.RunnerId, runner.LastSeq, runner.Latest?.ObservedAt ?? 0);
            }
        }
    }

    private void Note(string runnerId, long seq, long observedAt)
    {
        if (!_seen.TryGetValue(runnerId, out var seen) || seq > seen.Seq)
        {
            _seen[runnerId] = (seq, observedAt);
        }
    }

    private Dictionary<string, (long Seq, long ObservedAt)> SeenSoFar()
    {
        lock (_seenGate)
        {
            return new Dictionary<string, (long Seq, long ObservedAt)>(_seen, StringComparer.Ordinal);
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
