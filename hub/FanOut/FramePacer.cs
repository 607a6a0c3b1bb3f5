using System.Collections.Concurrent;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// Wakes the coach senders parked on their frame interval (<see cref="HubOptions.CoachFrameInterval"/>) from one timer
/// for the whole hub. A park is a lock-free enqueue; the timer is re-armed only for a park due before the earliest it
/// waits for.
/// </summary>
/// <remarks>
/// A timer per parked frame (<c>Task.Delay</c>) made every paced frame create, fire and dispose a timer, and all three
/// take the runtime's timer-queue lock: at a few thousand frames a second the senders queued on that lock, and the
/// thread pool grew threads around them. A wake keeps Task.Delay's time: whole milliseconds, on the runtime's timer.
/// </remarks>
internal sealed class FramePacer : IDisposable
{
    private readonly Lock _gate = new();

    // Parks arrive here without a lock; the timer's callback moves them into the heap (by due time) under _gate.
    private readonly ConcurrentQueue<(TaskCompletionSource Wake, long At)> _arriving = new();
    private readonly PriorityQueue<TaskCompletionSource, long> _parked = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    // The timestamp the timer is armed for; long.MaxValue when it is not armed.
    private long _armedFor = long.MaxValue;

    public FramePacer(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _timer = time.CreateTimer(static pacer => ((FramePacer)pacer!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many wakes are waiting (those ended early by a message stay until their time: a test's window).</summary>
    internal int Parked
    {
        get
        {
            lock (_gate)
            {
                return _parked.Count + _arriving.Count;
            }
        }
    }

    /// <summary>
    /// Completes <paramref name="wake"/> once <paramref name="after"/> (whole milliseconds) has passed on the hub's clock, or at
    /// once when that is under one millisecond. Completing it sooner
    /// (a message for the coach) is the caller's business: the pacer's later completion of it is then a no-op.
    /// </summary>
    public void Wake(TaskCompletionSource wake, TimeSpan after)
    {
        ArgumentNullException.ThrowIfNull(wake);
        // Whole milliseconds, as Task.Delay counted the wait before: less than one is no wait at all.
        var ms = (long)after.TotalMilliseconds;
        if (ms <= 0)
        {
            wake.TrySetResult();
            return;
        }

        var now = _time.GetTimestamp();
        var at = now + (long)Math.Ceiling(ms * (double)_time.TimestampFrequency / 1000);

        // Enqueued (a full fence) before the armed time is read. Either the read sees what the callback wrote before it
        // took the arrivals (and this park arms the timer itself when that is later), or the read came first, and so did
        // the enqueue: the callback takes this park into the heap. A park is never left with no timer for it.
        _arriving.Enqueue((wake, at));
        if (at < Volatile.Read(ref _armedFor))
        {
            lock (_gate)
            {
                if (at < _armedFor)
                {
                    Arm(at, _time.GetTimestamp());
                }
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Fire()
    {
        List<TaskCompletionSource>? due = null;
        lock (_gate)
        {
            // Not armed from here (a full fence before the arrivals are taken: see Wake).
            var firedFor = Interlocked.Exchange(ref _armedFor, long.MaxValue);
            while (_arriving.TryDequeue(out var arrived))
            {
                _parked.Enqueue(arrived.Wake, arrived.At);
            }

            // What the timer was armed for is due, as Task.Delay trusted its timer: the runtime's timers count a coarse
            // millisecond clock, and one that fires a little before the fine clock reaches the time is not re-armed.
            var now = _time.GetTimestamp();
            var dueBy = firedFor == long.MaxValue ? now : Math.Max(now, firedFor);
            while (_parked.TryPeek(out var wake, out var at) && at <= dueBy)
            {
                _parked.Dequeue();
                (due ??= []).Add(wake);
            }

            if (_parked.TryPeek(out _, out var next))
            {
                Arm(next, now);
            }
        }

        // Outside the lock: a wake runs its pump's continuation asynchronously, but nothing needs the lock meanwhile.
        if (due is not null)
        {
            foreach (var wake in due)
            {
                wake.TrySetResult();
            }
        }
    }

    /// <summary>Arms the timer for <paramref name="at"/> (at least a millisecond from <paramref name="now"/>).</summary>
    private void Arm(long at, long now)
    {
        Volatile.Write(ref _armedFor, at);

        // Whole milliseconds rounded up (the runtime's timers count milliseconds): never zero, so a fake clock's timer
        // does not fire inside this lock.
        var left = Math.Max(1, Math.Ceiling(_time.GetElapsedTime(now, at).TotalMilliseconds));
        _timer.Change(TimeSpan.FromMilliseconds(left), Timeout.InfiniteTimeSpan);
    }
}
