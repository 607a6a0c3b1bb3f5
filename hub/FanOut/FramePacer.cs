namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// Wakes the coach senders parked on their frame interval (<see cref="HubOptions.CoachFrameInterval"/>) from one timer
/// for the whole hub. A park is a heap insert; the timer is re-armed only for a park due before the earliest it waits for.
/// </summary>
/// <remarks>
/// A timer per parked frame (<c>Task.Delay</c>) made every paced frame create, fire and dispose a timer, and all three
/// take the runtime's timer-queue lock: at a few thousand frames a second the senders queued on that lock, and the
/// thread pool grew threads around them. A wake is never early: it completes once the clock reaches its time.
/// </remarks>
internal sealed class FramePacer : IDisposable
{
    private readonly Lock _gate = new();
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
                return _parked.Count;
            }
        }
    }

    /// <summary>
    /// Completes <paramref name="wake"/> once <paramref name="after"/> has passed on the hub's clock. Completing it sooner
    /// (a message for the coach) is the caller's business: the pacer's later completion of it is then a no-op.
    /// </summary>
    public void Wake(TaskCompletionSource wake, TimeSpan after)
    {
        ArgumentNullException.ThrowIfNull(wake);
        var now = _time.GetTimestamp();
        if (after <= TimeSpan.Zero)
        {
            wake.TrySetResult();
            return;
        }

        var at = now + (long)Math.Ceiling(after.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);
        lock (_gate)
        {
            _parked.Enqueue(wake, at);
            if (at < _armedFor)
            {
                Arm(at, now);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Fire()
    {
        List<TaskCompletionSource>? due = null;
        lock (_gate)
        {
            _armedFor = long.MaxValue;
            var now = _time.GetTimestamp();
            while (_parked.TryPeek(out var wake, out var at) && at <= now)
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

    /// <summary>Arms the timer for <paramref name="at"/>, which is after <paramref name="now"/>.</summary>
    private void Arm(long at, long now)
    {
        _armedFor = at;

        // Whole milliseconds rounded up (the runtime's timers count milliseconds): never zero, so a fake clock's timer
        // does not fire inside this lock, and a system timer that fires a little early finds nothing due and re-arms.
        var left = Math.Max(1, Math.Ceiling(_time.GetElapsedTime(now, at).TotalMilliseconds));
        _timer.Change(TimeSpan.FromMilliseconds(left), Timeout.InfiniteTimeSpan);
    }
}
