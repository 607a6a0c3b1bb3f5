using System.Threading.Channels;

namespace MindMuscle.Live.TestKit.Hosting;

/// <summary>Collects what a hub client receives, to await it with a timeout.</summary>
public sealed class Inbox<T>
{
    private readonly Channel<T> _items = Channel.CreateUnbounded<T>();

    public void Add(T item) => _items.Writer.TryWrite(item);

    public async Task<T> NextAsync(TimeSpan? timeout = null) =>
        await _items.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(timeout ?? HubTimeouts.Step, TestContext.Current.CancellationToken);

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
