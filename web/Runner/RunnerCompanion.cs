using System.Threading.Channels;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.JSInterop;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.RunnerKit.Speech;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Web.Runner;

/// <summary>
/// The runner's phone as a relay: joins (and rejoins as the same runner), writes every sensor reading to the IndexedDB
/// outbox before it is sent, runs runner-kit's pump over the hub connection, speaks the coach's cues through runner-kit's
/// queue and reports their statuses. One per page visit.
/// </summary>
public sealed partial class RunnerCompanion(
    RunnerJoinClient joinClient, RunnerIdentityStore identities, BrowserOutbox outbox, BrowserSpeech speech, IJSRuntime js,
    NavigationManager navigation, RunnerOptions options, TimeProvider time, ILoggerFactory loggers)
    : IRunnerCompanion, ICueStatusSink, IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ClockOffsetEstimator _clock = new();
    private readonly ILogger _logger = loggers.CreateLogger<RunnerCompanion>();
    private readonly Channel<CueStatusReport> _statuses = Channel.CreateBounded<CueStatusReport>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private RunnerIdentity? _identity;
    private string? _token;
    private long _tokenExpiresAt;
    private long _joinedLastSeq;
    private HubConnection? _connection;
    private SpeechQueue? _cues;
    private bool _disposed;

    /// <summary>Notification → ack times for the benchmark (read through <c>window.mmlCompanionPerf</c>).</summary>
    private CompanionPerf Perf => _perf ??= new CompanionPerf(time);

    private CompanionPerf? _perf;

    // When readings last moved: an ack, or the outbox going from empty to waiting (TimeProvider timestamp).
    private long _progressAt;

    public RunnerScreenState State { get; private set; } = new();

    public event Action? Changed;

    public Task<RunnerIdentity?> StoredIdentityAsync(string joinCode, CancellationToken cancellationToken) =>
        identities.GetAsync(joinCode, cancellationToken);

    public async Task<string?> JoinAsync(string joinCode, string runnerName, CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return null;
        }

        var code = joinCode.Trim().ToUpperInvariant();
        var stored = await identities.GetAsync(code, cancellationToken);
        var name = stored?.Name ?? runnerName.Trim();
        if (name.Length == 0)
        {
            return "Type your name first: your coach sees it on the live view.";
        }

        Update(s => s with { Connection = RunnerConnection.Joining, ConnectionDetail = null, RunnerName = name });
        try
        {
            await JoinHubAsync(stored ?? new RunnerIdentity { JoinCode = code, Name = name }, cancellationToken);
            await outbox.OpenAsync(_identity!.SessionId, _identity.RunnerId, cancellationToken);
            if (_joinedLastSeq > 0)
            {
                // The hub holds up to here (an ack lost in a disconnect, or a cleared browser store): never send those
                // again, and number new readings after them.
                await outbox.TrimAsync(_joinedLastSeq, cancellationToken);
            }
        }
        catch (RunnerJoinException ex)
        {
            Update(s => s with { Connection = ex.Permanent ? RunnerConnection.Rejected : RunnerConnection.NotJoined, ConnectionDetail = ex.Message });
            return ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The browser's storage or a script failed mid-join: nothing has started, so the runner may simply try again.
            LogJoinFailed(_logger, ex.GetType().Name, ex.Message);
            var message = $"Joining did not finish ({ex.Message}). Check that this browser may store data for this page (not a private window), then tap Join again.";
            Update(s => s with { Connection = RunnerConnection.NotJoined, ConnectionDetail = message });
            return message;
        }

        Update(s => s with { Connection = RunnerConnection.Connecting, RunnerId = _identity.RunnerId });
        RefreshOutbox();
        Start(_lifetime.Token);
        return null;
    }

    public Task ForgetAsync(string joinCode, CancellationToken cancellationToken) => identities.ForgetAsync(joinCode, cancellationToken);

    /// <summary>Queues a cue status for the hub (the cue queue calls this); sent in order when connected.</summary>
    public void Report(int runnerIndex, CueStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _statuses.Writer.TryWrite(report);
        Update(s => s with
        {
            LastCueStatus = Words(report.Status),
            CuesSpoken = s.CuesSpoken + (report.Status == CueStatus.Spoken ? 1 : 0),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _lifetime.CancelAsync();
        await DisposeSensorsAsync();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _lifetime.Dispose();
    }

    /// <summary>Joins, or rejoins with the stored runner id and secret; keeps the identity on the phone.</summary>
    private async Task JoinHubAsync(RunnerIdentity identity, CancellationToken cancellationToken)
    {
        var request = new JoinRequest
        {
            JoinCode = identity.JoinCode,
            RunnerName = identity.Name,
            RunnerId = identity.RunnerId.Length > 0 ? identity.RunnerId : null,
            RejoinSecret = identity.RejoinSecret.Length > 0 ? identity.RejoinSecret : null,
        };
        var sentAt = time.GetUtcNow();
        var (response, hubDate) = await joinClient.JoinAsync(request, cancellationToken);
        var receivedAt = time.GetUtcNow();
        if (hubDate is { } date)
        {
            // Second precision only (the Date header); round trips on acks refine it.
            _clock.SeedFromDate(date, sentAt, receivedAt);
        }

        _identity = identity with
        {
            SessionId = response.SessionId,
            RunnerId = response.RunnerId,
            RejoinSecret = string.IsNullOrEmpty(response.RejoinSecret) ? identity.RejoinSecret : response.RejoinSecret,
        };
        _token = response.RunnerToken;
        _tokenExpiresAt = response.RunnerTokenExpiresAt;
        _joinedLastSeq = response.LastSeq;
        await identities.SaveAsync(_identity, cancellationToken);
        LogJoined(_logger, response.RunnerId, response.LastSeq);
    }

    /// <summary>Asks for the screen wake lock once; <c>js/speech.js</c> reports every later change through <see cref="OnWakeLock"/>.</summary>
    private async Task HoldWakeLockAsync(CancellationToken cancellationToken)
    {
        try
        {
            await speech.HoldWakeLockAsync(Self, cancellationToken);
        }
        catch (JSException ex)
        {
            LogWakeLockFailed(_logger, ex.Message);
            Update(s => s with { WakeLockHeld = false, WakeLockDetail = ex.Message });
        }
    }

    /// <summary>The wake lock was taken, refused or released (the page was hidden), from <c>js/speech.js</c>.</summary>
    [JSInvokable]
    public void OnWakeLock(bool held, string? why) => Update(s => s with { WakeLockHeld = held, WakeLockDetail = held ? null : why });

    /// <summary>The benchmark's reading (<c>window.mmlCompanionPerf.read(reset)</c>, set up by <c>js/ble.js</c>).</summary>
    [JSInvokable]
    public CompanionPerfReading ReadPerf(bool reset) => Perf.Read(reset);

    /// <summary>Deletes the empty outboxes of earlier runs on this phone, so IndexedDB does not grow run after run.</summary>
    private async Task SweepOutboxesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var removed = await outbox.SweepOthersAsync(cancellationToken);
            if (removed > 0)
            {
                LogSwept(_logger, removed);
            }
        }
        catch (JSException ex)
        {
            LogSweepFailed(_logger, ex.Message);
        }
    }

    /// <summary>The session is over for this runner: its outbox goes once nothing in it waits (what waits is kept).</summary>
    private async Task DropOutboxIfEmptyAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await outbox.DropIfEmptyAsync(cancellationToken))
            {
                LogSwept(_logger, 1);
            }
        }
        catch (JSException ex)
        {
            LogSweepFailed(_logger, ex.Message);
        }
    }

    private void RefreshOutbox()
    {
        if (State.OutboxDepth == 0 && outbox.Stats.Depth > 0)
        {
            // Readings start waiting now: the stall watch measures the hub's silence from here or the last ack.
            _progressAt = time.GetTimestamp();
        }

        Update(s => s with
        {
            OutboxDepth = outbox.Stats.Depth,
            LastSeq = outbox.Stats.LastSeq,
            AckedSeq = outbox.Stats.AckedSeq,
            Refused = outbox.Refused,
            RefusedByHub = outbox.Stats.DeadLetters,
            RefusedByHubReason = outbox.Stats.LastDeadReason,
        });
    }

    private void Update(Func<RunnerScreenState, RunnerScreenState> change)
    {
        State = change(State);
        Changed?.Invoke();
    }

    private static string Words(CueStatus status) => status switch
    {
        CueStatus.Delivered => "delivered",
        CueStatus.Spoken => "spoken",
        CueStatus.Expired => "expired",
        CueStatus.Dropped => "dropped",
        _ => "sent",
    };
}
