using System.Threading.Channels;

namespace MindMuscle.Live.TestKit.Hosting;

/// <summary>Collects what a hub client receives, to await it with a timeout.</summary>
public sealed class Inbox<T>
{
    private readonly Channel<T> _items = Channel.CreateUnbounded<T>();

    public void Add(T item) => _items.Writer.TryWrite(item);

    /// <exception cref="TimeoutException">Nothing arrived within the timeout; the item that arrives later stays for the next call.</exception>
    public async Task<T> NextAsync(TimeSpan? timeout = null)
    {
        // The read itself is cancelled at the timeout: a read left pending would take the next item and drop it, so a
        // caller that retries after a timeout would miss every later item.
        var wait = timeout ?? HubTimeouts.Step;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(wait);
        try
        {
            return await _items.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"nothing received within {wait}");
        }
    }

    /// <summary>Waits for the first item that matches, skipping the others.</summary>
    public async Task<T> FirstAsync(Func<T, bool> match, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? HubTimeouts.Step);
        while (true)
        {
            var item = await _items.Reader.ReadAsync(cts.Token);
            if (match(item))
            {
                return item;
            }
        }
    }

    public bool TryTake(out T item) => _items.Reader.TryRead(out item!);
}
