using System.Text.Json;
using Microsoft.JSInterop;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Web.Runner;

/// <summary>
/// The phone's durable outbox: one IndexedDB database per session and runner (<c>js/outbox.js</c>). Every reading is
/// numbered and written before it is sent; the pump (runner-kit's <see cref="OutboxPump"/>) reads and trims it.
/// </summary>
public sealed class BrowserOutbox(IJSRuntime js, RunnerOptions options) : IOutboxReader, IAsyncDisposable
{
    private IJSObjectReference? _module;
    private string? _name;
    private TaskCompletionSource _appended = NewSignal();

    /// <summary>The outbox's last numbered seq, depth and acknowledged seq as last seen.</summary>
    public OutboxStats Stats { get; private set; } = new(0, 0, 0, 0, null);

    /// <summary>Readings refused because the outbox was full, since the page opened.</summary>
    public long Refused { get; private set; }

    public bool IsOpen => _name is not null;

    /// <summary>Opens the runner's database and reads its numbers.</summary>
    public async Task OpenAsync(string sessionId, string runnerId, CancellationToken cancellationToken)
    {
        _name = $"mml-outbox-{sessionId}-{runnerId}";
        await RefreshAsync(cancellationToken);
    }

    /// <summary>Numbers and stores readings in one transaction; false when some were refused (the outbox is full).</summary>
    public async Task<bool> AppendAsync(IReadOnlyList<MetricSample> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var module = await ModuleAsync(cancellationToken);
        var json = JsonSerializer.Serialize(samples.ToArray(), RunnerJsonContext.Default.MetricSampleArray);
        var result = await module.InvokeAsync<AppendResult>("append", cancellationToken, Name, json, options.MaxOutboxSamples);
        Stats = Stats with { LastSeq = result.LastSeq, Depth = result.Depth };
        Refused += result.Refused;
        var signal = _appended;
        _appended = NewSignal();
        signal.TrySetResult();
        return result.Refused == 0;
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken);
        Stats = await module.InvokeAsync<OutboxStats>("stats", cancellationToken, Name);
    }

    /// <summary>
    /// Moves the reading the hub refused for good out of the waiting ones (kept aside with the hub's reason), so the
    /// rest is sent; false when it was already gone.
    /// </summary>
    public async Task<bool> DeadLetterAsync(long seq, string reason, long atUnixMs, CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken);
        var moved = await module.InvokeAsync<bool>("deadLetter", cancellationToken, Name, seq, reason, atUnixMs);
        await RefreshAsync(cancellationToken);
        return moved;
    }

    public async ValueTask<long> GetAckedSeqAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        return Stats.AckedSeq;
    }

    public async ValueTask<IReadOnlyList<MetricSample>> ReadPendingAsync(long fromSeq, int max, CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken);
        var json = await module.InvokeAsync<string>("readPending", cancellationToken, Name, fromSeq, max);
        return JsonSerializer.Deserialize(json, RunnerJsonContext.Default.MetricSampleArray) ?? [];
    }

    public async ValueTask TrimAsync(long upTo, CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken);
        await module.InvokeVoidAsync("trim", cancellationToken, Name, upTo);
        await RefreshAsync(cancellationToken);
    }

    public async Task WaitForSeqAsync(long seq, CancellationToken cancellationToken)
    {
        while (Stats.LastSeq < seq)
        {
            await _appended.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Deletes the other companion outboxes on this phone that hold nothing unsent; answers how many went.</summary>
    public async Task<int> SweepOthersAsync(CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken);
        return await module.InvokeAsync<int>("sweep", cancellationToken, Name);
    }

    /// <summary>Deletes this runner's outbox if nothing in it waits; closed after that (true) until opened again.</summary>
    public async Task<bool> DropIfEmptyAsync(CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken);
        var dropped = await module.InvokeAsync<bool>("dropIfEmpty", cancellationToken, Name);
        if (dropped)
        {
            _name = null;
        }

        return dropped;
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }

    private string Name => _name ?? throw new InvalidOperationException("The outbox opens when the runner has joined.");

    private async Task<IJSObjectReference> ModuleAsync(CancellationToken cancellationToken) =>
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/outbox.js");

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What <c>append</c> answers.</summary>
    public sealed record AppendResult(int Appended, int Refused, long LastSeq, long Depth);
}

/// <summary>
/// The outbox's numbers: last seq given, samples waiting, highest seq the hub acknowledged, and the readings the hub
/// refused for good (moved aside) with the hub's last reason.
/// </summary>
public sealed record OutboxStats(long LastSeq, long Depth, long AckedSeq, long DeadLetters, string? LastDeadReason);
