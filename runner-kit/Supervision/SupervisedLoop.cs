namespace MindMuscle.Live.RunnerKit.Supervision;

/// <summary>What a supervised loop's fault looks like to its host: which loop, the exception, when it runs again.</summary>
public sealed record LoopFault(string Loop, Exception Error, TimeSpan RestartIn, int Faults);

/// <summary>
/// Runs a background loop (the pump, the reconnect loop, the cue queue) so that a fault is never lost: it is handed to
/// the host (to log and show) and the loop starts again after a backoff, until it returns or the token is cancelled.
/// </summary>
public static class SupervisedLoop
{
    /// <summary>The first restart comes after this; each fault in a row doubles it up to <see cref="MaxDelay"/>.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>A loop that ran this long before faulting starts again from the first delay.</summary>
    public static readonly TimeSpan HealthyRun = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Runs <paramref name="loop"/> until it returns (done: not restarted) or <paramref name="cancellationToken"/> is
    /// cancelled; every other exception goes to <paramref name="onFault"/> and the loop runs again after a backoff.
    /// </summary>
    public static async Task RunAsync(
        string name, Func<CancellationToken, Task> loop, Action<LoopFault> onFault, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(onFault);
        ArgumentNullException.ThrowIfNull(time);
        var inARow = 0;
        var faults = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var startedAt = time.GetTimestamp();
            try
            {
                await loop(cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the point of the supervisor: any fault is reported and the loop restarted
            catch (Exception ex)
#pragma warning restore CA1031
            {
                inARow = time.GetElapsedTime(startedAt) >= HealthyRun ? 0 : inARow;
                var delay = DelayFor(inARow++);
                onFault(new LoopFault(name, ex, delay, ++faults));
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>1 s, 2 s, 4 s … capped at <see cref="MaxDelay"/>.</summary>
    public static TimeSpan DelayFor(int faultsInARow) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(faultsInARow, 10)));
}
