using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using MindMuscle.Live.Bench.Load.Clients;

namespace MindMuscle.Live.Bench.Load.Hosting;

/// <summary>
/// Counts the hub's garbage collections by generation from outside, over the runtime's diagnostics port (EventPipe,
/// GC keyword, GCStart events): what dotnet-counters would show, without it being installed and without hub code.
/// </summary>
internal sealed class GcWatcher : IDisposable
{
    private readonly EventPipeSession _session;
    private readonly Task _processing;
    private readonly long[] _byGeneration = new long[3];

    private GcWatcher(EventPipeSession session)
    {
        _session = session;
        var source = new EventPipeEventSource(session.EventStream);
        source.Clr.GCStart += e =>
        {
            var generation = Math.Clamp(e.Depth, 0, 2);
            Interlocked.Increment(ref _byGeneration[generation]);
        };
        _processing = Task.Run(() =>
        {
            try
            {
                source.Process();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The session ends when the hub exits or the session is stopped; nothing to report.
            }
            finally
            {
                source.Dispose();
            }
        });
    }

    /// <summary>Attaches to a .NET process; null when its diagnostics port is not reachable.</summary>
    public static GcWatcher? TryAttach(int pid)
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            var providers = new[]
            {
                new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC),
            };
            return new GcWatcher(client.StartEventPipeSession(providers, requestRundown: false, circularBufferMB: 16));
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public GcSnapshot Snapshot() =>
        new(Interlocked.Read(ref _byGeneration[0]), Interlocked.Read(ref _byGeneration[1]), Interlocked.Read(ref _byGeneration[2]));

    public void Dispose()
    {
        try
        {
            _session.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException or UnsupportedCommandException)
        {
            // The hub is already gone.
        }

        _processing.Wait(TimeSpan.FromSeconds(5));
        _session.Dispose();
    }
}
