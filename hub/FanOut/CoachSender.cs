using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// The live feed of one coach connection. Sends at once when the coach is idle and its last frame left at least
/// <see cref="HubOptions.CoachFrameInterval"/> ago; otherwise samples that arrive meanwhile (and while a send is in
/// flight) are coalesced into the next <see cref="SamplesFrame"/>. Pacing bounds the frames per coach whatever the
/// runner count: every frame costs a serialisation, a WebSocket write and a wake-up at the console.
/// Alerts, statuses and cue updates are never held back by the pacing. Bounded: when the coach cannot keep up the
/// oldest samples are dropped (counted, and a <c>lagging</c> status tells the coach). Enqueueing never waits, so a slow
/// coach never slows ingestion or other coaches.
/// </summary>
internal sealed partial class CoachSender
{
    /// <summary>Most samples in one frame: what a message (cue update, alert) waits behind at most.</summary>
    internal const int MaxFrameSamples = 500;

    private readonly Lock _gate = new();
    private readonly Func<ICoachClient> _client;
    private readonly HubOptions _options;
    private readonly HubMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _abort;
    private readonly LinkedList<Chunk> _pending = new();
    private Queue<(Func<ICoachClient, Task> Send, long EnqueuedAt)> _messages = new();
    private int _pendingSamples;
    private int _droppedSinceFrame;
    private long _droppedTotal;
    private bool _lagReportDue;
    private bool _sending;
    private bool _closed;
    private long _lastFrameAt;
    private TaskCompletionSource? _wake;

    // Asked for once: a hub context's client is a proxy by connection id, and making one per frame costs allocations.
    private ICoachClient? _clientProxy;

    internal CoachSender(
        string connectionId, string sessionId, Func<ICoachClient> client, HubOptions options, HubMetrics metrics,
        TimeProvider time, ILogger logger, Action abort)
    {
        ConnectionId = connectionId;
        SessionId = sessionId;
        _client = client;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _abort = abort;
    }

    public string ConnectionId { get; }

    public string SessionId { get; }

    /// <summary>Samples dropped for this coach since it started watching.</summary>
    public long DroppedTotal => Interlocked.Read(ref _droppedTotal);

    /// <summary>True once the coach unwatched or disconnected.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>Alerts, statuses and cue updates waiting to be sent.</summary>
    public int PendingMessages
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>Samples waiting for the next frame.</summary>
    public int PendingSamples
    {
        get
        {
            lock (_gate)
            {
                return _pendingSamples;
            }
        }
    }

    /// <param name="runnerId">The runner the samples are of.</param>
    /// <param name="samples">New samples, in seq order.</param>
    /// <param name="shared">
    /// The same hand-over in every coach's queue of the session: a frame another coach cut from the same chunks is sent
    /// as the same object, so its serialised bytes are made once per protocol (<see cref="SharedFrame"/>), not per coach.
    /// </param>
    public void EnqueueSamples(string runnerId, MetricSample[] samples, SessionChunk? shared = null)
    {
        if (samples.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _pending.AddLast(new Chunk(runnerId, samples, _time.GetTimestamp(), shared));
            _pendingSamples += samples.Length;
            var dropped = 0;
            while (_pendingSamples > _options.CoachQueueSamples && _pending.First is { } oldest)
            {
                _pending.RemoveFirst();
                _pendingSamples -= oldest.Value.Samples.Length;
                dropped += oldest.Value.Samples.Length;
            }

            if (dropped > 0)
            {
                _droppedSinceFrame += dropped;
                _droppedTotal += dropped;
                _lagReportDue = true;
                _metrics.SamplesDropped(dropped);
            }

            StartIfIdle();
        }
    }

    public void EnqueueMessage(Func<ICoachClient, Task> message)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _messages.Enqueue((message, _time.GetTimestamp()));
            while (_messages.Count > _options.CoachQueueMessages)
            {
                _messages.Dequeue();
                _lagReportDue = true;
            }

            _wake?.TrySetResult();
            StartIfIdle();
        }
    }

    /// <summary>Stops sending (the coach unwatched or disconnected).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _pending.Clear();
            _messages.Clear();
            _pendingSamples = 0;
        }
    }

    private void StartIfIdle()
    {
        if (!_sending)
        {
            _sending = true;
            // Off the publisher's thread: serialising and writing the frame is the coach's cost, not the runner's. On
            // this thread's local queue, not the global one: it runs right after the current work item instead of
            // behind every socket read queued meanwhile, so a cue update does not wait on a saturated machine.
            ThreadPool.UnsafeQueueUserWorkItem(static sender => _ = sender.PumpAsync(), this, preferLocal: true);
        }
    }

    /// <summary>How long the next samples frame must wait for the pacing interval; zero when it may go now.</summary>
    private TimeSpan FrameWait()
    {
        var interval = Packed ? _options.PackedFrameInterval : _options.CoachFrameInterval;
        if (interval <= TimeSpan.Zero || _lastFrameAt == 0)
        {
            return TimeSpan.Zero;
        }

        var wait = interval - _time.GetElapsedTime(_lastFrameAt);
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            bool samplesOnly;
            lock (_gate)
            {
                if (_closed || (_pending.Count == 0 && _messages.Count == 0 && !_lagReportDue))
                {
                    _sending = false;
                    return;
                }

                samplesOnly = _messages.Count == 0 && !_lagReportDue;
            }

            // Samples wait for the pacing interval (more of them coalesce into the frame meanwhile); a message that
            // arrives meanwhile ends the wait and takes the samples along.
            if (samplesOnly && FrameWait() is var wait && wait > TimeSpan.Zero)
            {
                var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                bool parked;
                lock (_gate)
                {
                    parked = _messages.Count == 0 && !_lagReportDue;
                    _wake = parked ? wake : null;
                }

                if (parked)
                {
                    await Task.WhenAny(Task.Delay(wait, _time), wake.Task);
                }

                lock (_gate)
                {
                    _wake = null;
                }
            }

            LinkedList<Chunk> chunks;
            FrameCut? cut;
            Queue<(Func<ICoachClient, Task> Send, long EnqueuedAt)> messages;
            int dropped;
            bool reportLag;
            lock (_gate)
            {
                if (_closed || (_pending.Count == 0 && _messages.Count == 0 && !_lagReportDue))
                {
                    _sending = false;
                    return;
                }

                dropped = _droppedSinceFrame;
                (chunks, cut) = TakeFrameLocked(share: dropped == 0);
                messages = _messages;
                reportLag = _lagReportDue;
                _messages = new Queue<(Func<ICoachClient, Task>, long)>();
                _droppedSinceFrame = 0;
                _lagReportDue = false;
            }

            var client = _clientProxy ??= _client();
            if (reportLag)
            {
                var total = DroppedTotal;
                LogLagging(_logger, ConnectionId, SessionId, total);
                var status = new RunnerStatusUpdate
                {
                    RunnerId = "",
                    Name = "",
                    State = RunnerState.Lagging,
                    At = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                    Detail = $"{total} samples dropped for this console: it is not keeping up",
                };
                if (!await SendAsync(() => client.RunnerStatus(status)))
                {
                    return;
                }
            }

            foreach (var (send, enqueuedAt) in messages)
            {
                if (!await SendAsync(() => send(client)))
                {
                    return;
                }

                _metrics.MessageSent(_time.GetElapsedTime(enqueuedAt).TotalMilliseconds);
            }

            if (chunks.Count > 0)
            {
                _lastFrameAt = _time.GetTimestamp();
                var shared = cut is null ? SharedAlone(chunks, dropped) : cut.GetFrame(() => BuildFrame(chunks, 0));
                var frame = shared?.Frame ?? BuildFrame(chunks, dropped);
                var started = _time.GetTimestamp();
                if (!await SendAsync(() => SendFrame(client, frame, shared)))
                {
                    return;
                }

                _metrics.SendCompleted(_time.GetElapsedTime(started).TotalMilliseconds);
                _metrics.FrameSent();
                var samples = 0;
                foreach (var chunk in chunks)
                {
                    samples += chunk.Samples.Length;
                    _metrics.CoachLag(_time.GetElapsedTime(chunk.ArrivedAt).TotalMilliseconds);
                }

                _metrics.FrameBuilt(samples);
            }
        }
    }

    /// <summary>Sends one message; false when the coach is gone or stuck for good (the pump then stops).</summary>
    private async Task<bool> SendAsync(Func<Task> send)
    {
        var task = Task.CompletedTask;
        try
        {
            task = send();
            if (task.IsCompletedSuccessfully)
            {
                return true;
            }

            await task.WaitAsync(_options.CoachSendTimeout, _time);
            return true;
        }
        catch (TimeoutException)
        {
            _metrics.SendTimedOut();
            lock (_gate)
            {
                _lagReportDue = true;
            }

            LogSendTimeout(_logger, ConnectionId, _options.CoachSendTimeout.TotalMilliseconds);
        }
#pragma warning disable CA1031 // A send fails when the connection went away: stop this coach, never the caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSendFailed(_logger, ConnectionId, ex);
            Close();
            return false;
        }

        // The stuck write still owns the connection's output; wait for it (data keeps coalescing and dropping
        // meanwhile) and disconnect the coach if it stays stuck: it reconnects and re-watches for a fresh snapshot.
        try
        {
            await task.WaitAsync(_options.CoachAbortAfter - _options.CoachSendTimeout, _time);
            return true;
        }
#pragma warning disable CA1031 // Timeout or a failed connection both end this coach's feed.
        catch (Exception)
#pragma warning restore CA1031
        {
            LogAborted(_logger, ConnectionId);
            Close();
            _abort();
            return false;
        }
    }

    private readonly record struct Chunk(string RunnerId, MetricSample[] Samples, long ArrivedAt, SessionChunk? Shared);
}
