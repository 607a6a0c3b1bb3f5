using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace MindMuscle.Live.Bench.Load.Hosting;

/// <summary>
/// Reads an EventPipe session's events on a thread of its own until the session stops (or the process exits); owns the
/// session. The watchers (<see cref="GcWatcher"/>, <see cref="MeterWatcher"/>) subscribe their handlers, this reads.
/// </summary>
internal sealed class EventPipeReader : IDisposable
{
    private readonly EventPipeSession _session;
    private readonly Task _processing;
    private int _processesOnPoolThread = -1;

    /// <summary>Starts reading <paramref name="session"/> once <paramref name="subscribe"/> has added its handlers.</summary>
    public EventPipeReader(EventPipeSession session, Action<EventPipeEventSource> subscribe)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(subscribe);
        _session = session;
        var source = new EventPipeEventSource(session.EventStream);
        subscribe(source);

        // A thread of its own: Process() blocks for the whole run. On a pool thread it counted as a busy worker the
        // pool never got back; when the pool's hill climbing lowered its worker count, the clients' callbacks and the
        // publishing loop were left with too few and the queue stalled until starvation injected a thread, ~0.5 s
        // later: the generator's "700-940 ms behind" with almost no GC and its CPU idle (see ProcessesOnPoolThread).
        _processing = Task.Factory.StartNew(() => Process(source), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Whether the events are read on a thread-pool thread (null until reading started): they must not be.</summary>
    public bool? ProcessesOnPoolThread => Volatile.Read(ref _processesOnPoolThread) switch { 0 => false, 1 => true, _ => null };

    private void Process(EventPipeEventSource source)
    {
        Volatile.Write(ref _processesOnPoolThread, Thread.CurrentThread.IsThreadPoolThread ? 1 : 0);
        try
        {
            source.Process();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The session ends when the process exits or the session is stopped; nothing to report.
        }
        finally
        {
            source.Dispose();
        }
    }

    public void Dispose()
    {
        try
        {
            _session.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException or UnsupportedCommandException)
        {
            // The process is already gone.
        }

        _processing.Wait(TimeSpan.FromSeconds(5));
        _session.Dispose();
    }
}
