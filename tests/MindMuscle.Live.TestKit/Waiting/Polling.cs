using System.Diagnostics;

namespace MindMuscle.Live.TestKit.Waiting;

/// <summary>Waits for a condition that nothing signals (a counter, a file, another process's state) by polling it.</summary>
public static class Polling
{
    // Short enough to add little to a passing test, long enough not to compete with the code under test for the CPU.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Completes once <paramref name="condition"/> holds; fails the test when <paramref name="timeout"/> passes first.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitUntilAsync(condition, static () => "", timeout, cancellationToken);

    /// <summary>
    /// Completes once <paramref name="condition"/> holds; fails the test when <paramref name="timeout"/> passes first,
    /// with what <paramref name="diagnose"/> says about the state at that moment.
    /// </summary>
    public static async Task WaitUntilAsync(Func<bool> condition, Func<string> diagnose, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(diagnose);
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed >= timeout)
            {
                Assert.Fail($"condition not met within {timeout}. {diagnose()}");
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }

    /// <summary>Completes once the asynchronous <paramref name="condition"/> (a query, an HTTP call) holds; fails the test when <paramref name="timeout"/> passes first.</summary>
    public static Task WaitUntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitUntilAsync(condition, static () => "", timeout, cancellationToken);

    /// <summary>
    /// Completes once the asynchronous <paramref name="condition"/> holds; fails the test when <paramref name="timeout"/>
    /// passes first, with what <paramref name="diagnose"/> says about the state at that moment. A check still running
    /// at the timeout is cancelled through its token.
    /// </summary>
    public static async Task WaitUntilAsync(
        Func<CancellationToken, Task<bool>> condition, Func<string> diagnose, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(diagnose);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            while (!await condition(bounded.Token))
            {
                await Task.Delay(Interval, bounded.Token);
            }

            return;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout, not the caller, cancelled the check or the pause: report it like a condition never met.
        }

        Assert.Fail($"condition not met within {timeout}. {diagnose()}");
    }
}
