using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>Moves runners between joined, live, backfilling, stale and left, and tells the coaches.</summary>
public sealed class RunnerStatusTracker(IOptions<HubOptions> options, TimeProvider time)
{
    private readonly HubOptions _options = options.Value;

    public void Joined(LiveSession session, LiveRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        Set(session, runner, runner.LastSeq == 0 ? RunnerState.Joined : RunnerState.Stale, null, force: true);
    }

    public void Connected(LiveSession session, LiveRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        RunnerState? next = null;
        lock (runner.Gate)
        {
            runner.Connections++;
            if (runner.State == RunnerState.Left)
            {
                next = runner.LastSeq == 0 ? RunnerState.Joined : RunnerState.Stale;
            }
        }

        if (next is { } state)
        {
            Set(session, runner, state, "connected");
        }
    }

    public void Disconnected(LiveSession session, LiveRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        bool last;
        lock (runner.Gate)
        {
            runner.Connections = Math.Max(0, runner.Connections - 1);
            last = runner.Connections == 0;
        }

        if (last)
        {
            Set(session, runner, RunnerState.Left, "disconnected");
        }
    }

    public void SamplesAccepted(LiveSession session, LiveRunner runner, MetricSample[] accepted)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(accepted);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var lag = (long)_options.BackfillLag.TotalMilliseconds;
        var backfill = accepted.Count(s => s.Backfilled || now - s.ObservedAt > lag);
        lock (runner.Gate)
        {
            runner.LastSampleAt = now;
            runner.Latest = accepted[^1];
        }

        // Only the newest sample says whether the runner is live now: a batch that ends in fresh samples is live.
        var newest = accepted[^1];
        var catchingUp = newest.Backfilled || now - newest.ObservedAt > lag;
        Set(session, runner, catchingUp ? RunnerState.Backfilling : RunnerState.Live, catchingUp ? $"backfilling {backfill} samples" : null);
    }

    /// <summary>Turns runners stale that sent nothing for <see cref="HubOptions.StaleAfter"/>.</summary>
    public void Tick(LiveSession session, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(session);
        var staleMs = (long)_options.StaleAfter.TotalMilliseconds;
        foreach (var runner in session.Runners.Values)
        {
            bool stale;
            lock (runner.Gate)
            {
                stale = runner.State is RunnerState.Live or RunnerState.Backfilling && nowUnixMs - runner.LastSampleAt > staleMs;
            }

            if (stale)
            {
                Set(session, runner, RunnerState.Stale, $"no sample for {_options.StaleAfter.TotalSeconds:0} s");
            }
        }
    }

    private void Set(LiveSession session, LiveRunner runner, RunnerState state, string? detail, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (runner.Gate)
        {
            if (runner.State == state && !force)
            {
                return;
            }

            runner.State = state;
        }

        var update = new RunnerStatusUpdate
        {
            RunnerId = runner.RunnerId,
            Name = runner.Name,
            State = state,
            At = time.GetUtcNow().ToUnixTimeMilliseconds(),
            LastSeq = runner.LastSeq,
            Detail = detail,
        };
        session.Broadcast(c => c.RunnerStatus(update));
    }
}
