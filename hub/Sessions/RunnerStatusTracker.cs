using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>Moves runners between joined, live, backfilling, stale and left, and tells the coaches.</summary>
internal sealed class RunnerStatusTracker(IOptions<HubOptions> options, TimeProvider time)
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
        if (runner.Presence.Connect())
        {
            Set(session, runner, runner.LastSeq == 0 ? RunnerState.Joined : RunnerState.Stale, "connected");
        }
    }

    public void Disconnected(LiveSession session, LiveRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (runner.Presence.Disconnect())
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
        runner.Presence.SampleAccepted(now, accepted[^1]);

        // Only the newest sample says whether the runner is live now: a batch that ends in fresh samples is live.
        var newest = accepted[^1];
        var catchingUp = newest.Backfilled || now - newest.ObservedAt > lag;
        Set(session, runner, catchingUp ? RunnerState.Backfilling : RunnerState.Live, catchingUp ? $"backfilling {CountBackfill(accepted, now, lag)} samples" : null);
    }

    // A loop, not LINQ with a closure: this runs on every publish, and the count is only read when catching up.
    private static int CountBackfill(MetricSample[] accepted, long now, long lag)
    {
        var count = 0;
        foreach (var sample in accepted)
        {
            if (sample.Backfilled || now - sample.ObservedAt > lag)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Turns runners stale that sent nothing for <see cref="HubOptions.StaleAfter"/>.</summary>
    public void Tick(LiveSession session, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(session);
        var staleMs = (long)_options.StaleAfter.TotalMilliseconds;
        // The dictionary's enumerator takes no locks; its Values property takes all of them and copies.
        foreach (var (_, runner) in session.Runners)
        {
            if (runner.Presence.IsQuiet(nowUnixMs, staleMs))
            {
                Set(session, runner, RunnerState.Stale, $"no sample for {_options.StaleAfter.TotalSeconds:0} s");
            }
        }
    }

    private void Set(LiveSession session, LiveRunner runner, RunnerState state, string? detail, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!runner.Presence.TrySet(state, force))
        {
            return;
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
        session.FanOut.Broadcast(c => c.RunnerStatus(update));
    }
}
