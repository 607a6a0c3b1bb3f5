using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.RunnerKit.Speech;

/// <summary>
/// The cues waiting for the runner's ears. One cue speaks at a time (no overlap), with a minimum gap between cues; the
/// highest priority goes first, then the oldest. A cue past its deadline is reported <c>expired</c> and never spoken late.
/// One queue per audio sink: a relay with <c>--runners N</c> shares one among its runners; a phone has its own.
/// </summary>
public sealed partial class SpeechQueue(
    ISpeechOutput output, ICueStatusSink statusSink, SpeechOptions options, TimeProvider time, ILogger<SpeechQueue> logger)
{
    private const int SeenCapacity = 1024;

    private readonly SpeechOptions _options = Validated(options);
    private readonly Lock _gate = new();
    private readonly List<Entry> _queue = [];
    private readonly HashSet<(int, string)> _seen = [];
    private readonly Queue<(int, string)> _seenOrder = new();
    private TaskCompletionSource _changed = NewSignal();
    private DateTimeOffset _lastEnd = DateTimeOffset.MinValue;
    private long _arrivals;
    private int _heard;
    private int _spoken;
    private int _expired;
    private int _dropped;
    private string? _lastText;

    public ISpeechOutput Output => output;

    public SpeechQueueStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new SpeechQueueStats(_heard, _queue.Count, _spoken, _expired, _dropped, _lastText);
            }
        }
    }

    /// <summary>
    /// Queues a cue and reports it <c>delivered</c> (then <c>expired</c> at once if it arrived stale). A repeated cue id
    /// (the hub re-sending after a reconnect) is ignored: false.
    /// </summary>
    public bool Enqueue(QueuedCue cue)
    {
        ArgumentNullException.ThrowIfNull(cue);
        var now = time.GetUtcNow();
        QueuedCue? dropped = null;
        var stale = cue.ExpiresAtLocal <= now;
        TaskCompletionSource? signal = null;
        lock (_gate)
        {
            if (!Remember((cue.RunnerIndex, cue.Cue.CueId)))
            {
                return false;
            }

            _heard++;
            if (stale)
            {
                _expired++;
            }
            else
            {
                _queue.Add(new Entry(cue, _arrivals++));
                if (_queue.Count > _options.MaxQueued)
                {
                    var victim = _queue.OrderBy(e => e.Cue.Cue.Priority).ThenBy(e => e.Arrival).First();
                    _queue.Remove(victim);
                    dropped = victim.Cue;
                    _dropped++;
                }

                signal = _changed;
                _changed = NewSignal();
            }
        }

        Report(cue, CueStatus.Delivered, null);
        if (stale)
        {
            Report(cue, CueStatus.Expired, "arrived after its deadline");
        }

        if (dropped is not null)
        {
            Report(dropped, CueStatus.Dropped, "speech queue full");
        }

        signal?.TrySetResult();
        return true;
    }

    /// <summary>Speaks queued cues until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var (next, expired, wait, changed) = Take();
            foreach (var cue in expired)
            {
                Report(cue, CueStatus.Expired, "deadline passed while queued");
            }

            if (next is null)
            {
                await WaitAsync(changed, wait, cancellationToken);
                continue;
            }

            await SpeakAsync(next, cancellationToken);
        }
    }

    private (QueuedCue? Next, List<QueuedCue> Expired, TimeSpan Wait, Task Changed) Take()
    {
        var now = time.GetUtcNow();
        var expired = new List<QueuedCue>();
        lock (_gate)
        {
            foreach (var entry in _queue.Where(e => e.Cue.ExpiresAtLocal <= now).ToList())
            {
                _queue.Remove(entry);
                expired.Add(entry.Cue);
                _expired++;
            }

            if (_queue.Count == 0)
            {
                return (null, expired, Timeout.InfiniteTimeSpan, _changed.Task);
            }

            var readyAt = _lastEnd == DateTimeOffset.MinValue ? now : _lastEnd + _options.MinimumGap;
            if (readyAt > now)
            {
                // Wake for whichever comes first: the end of the gap, or the first deadline (to report it at once).
                var firstDeadline = _queue.Min(e => e.Cue.ExpiresAtLocal);
                var wait = (readyAt < firstDeadline ? readyAt : firstDeadline) - now;
                return (null, expired, wait, _changed.Task);
            }

            var best = _queue.OrderByDescending(e => e.Cue.Cue.Priority).ThenBy(e => e.Arrival).First();
            _queue.Remove(best);
            return (best.Cue, expired, TimeSpan.Zero, _changed.Task);
        }
    }

    private async Task WaitAsync(Task changed, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait == Timeout.InfiniteTimeSpan)
        {
            await changed.WaitAsync(cancellationToken);
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, time, cts.Token);
        await Task.WhenAny(changed, delay);
        await cts.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task SpeakAsync(QueuedCue cue, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(_options.MaxSpeakDuration, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            await output.SpeakAsync(cue.Cue, linked.Token);
            lock (_gate)
            {
                _spoken++;
                _lastText = cue.Cue.Text;
            }

            LogSpoken(logger, cue.Cue.CueId, cue.RunnerIndex);
            Report(cue, CueStatus.Spoken, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CountDropped();
            Report(cue, CueStatus.Dropped, "relay stopping");
            throw;
        }
        catch (Exception ex) when (ex is SpeechOutputException or OperationCanceledException or IOException or System.ComponentModel.Win32Exception)
        {
            CountDropped();
            LogSpeakFailed(logger, ex, cue.Cue.CueId, output.Name);
            Report(cue, CueStatus.Dropped, ex is OperationCanceledException ? "speech took too long" : ex.Message);
        }
        finally
        {
            lock (_gate)
            {
                _lastEnd = time.GetUtcNow();
            }
        }
    }

    private void CountDropped()
    {
        lock (_gate)
        {
            _dropped++;
        }
    }

    private bool Remember((int, string) key)
    {
        if (!_seen.Add(key))
        {
            return false;
        }

        _seenOrder.Enqueue(key);
        if (_seenOrder.Count > SeenCapacity)
        {
            _seen.Remove(_seenOrder.Dequeue());
        }

        return true;
    }

    private void Report(QueuedCue cue, CueStatus status, string? detail) =>
        statusSink.Report(cue.RunnerIndex, new CueStatusReport { CueId = cue.Cue.CueId, Status = status, Detail = detail });

    private static SpeechOptions Validated(SpeechOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Entry(QueuedCue Cue, long Arrival);

    [LoggerMessage(300, LogLevel.Information, "Spoke cue {CueId} for runner {RunnerIndex}", EventName = "CueSpoken")]
    private static partial void LogSpoken(ILogger logger, string cueId, int runnerIndex);

    [LoggerMessage(301, LogLevel.Warning, "Cue {CueId} could not be spoken through {Output}", EventName = "CueSpeakFailed")]
    private static partial void LogSpeakFailed(ILogger logger, Exception exception, string cueId, string output);
}
