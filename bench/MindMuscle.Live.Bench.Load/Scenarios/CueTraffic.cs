using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Bench.Load.Clients;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Bench.Load.Scenarios;

/// <summary>The coaches' cues of a load run, sent at a steady rate beside the samples.</summary>
internal static class CueTraffic
{
    /// <summary>
    /// A steady trickle of cues from the warm-up's start to the window's end: cue n goes to session n mod S (from its
    /// coach 0), to that session's runners in turn, so every session's feed carries cue traffic beside its samples.
    /// </summary>
    public static async Task SendAsync(
        CoachClient[] senders, CueTracker cues, RunStats stats, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        var n = 0;
        var calls = new List<Task>();
        try
        {
            // The first cue goes at once, before the caller's window can open: the warm-up always exercises the path.
            do
            {
                var coach = senders[n % senders.Length];
                var runner = coach.Runners[n / senders.Length % coach.Runners.Count];
                var text = $"bench cue {n++}";
                cues.Started(text, SampleClock.Now);
                // Not awaited before the next tick: the product answers SendCue after the cue's row commits, and the
                // cues must keep their steady rate whatever that takes.
                calls.Add(SendCueAsync(coach, runner, text, stats, cancellationToken));
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The window closed.
        }

        await Task.WhenAll(calls);
    }

    private static async Task SendCueAsync(CoachClient coach, RunnerClient runner, string text, RunStats stats, CancellationToken cancellationToken)
    {
        try
        {
            await coach.Connection.InvokeAsync<object>(
                LiveHubContract.SendCue,
                new CueRequest { RunnerId = runner.Identity.RunnerId, Text = text, Priority = CuePriority.Normal },
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The window closed before the hub answered; the round trip is measured from CueUpdate, not from this answer.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            stats.CueError(e);
        }
    }
}
