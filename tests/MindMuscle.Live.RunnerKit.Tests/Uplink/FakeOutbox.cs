using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.RunnerKit.Tests.Uplink;

/// <summary>An in-memory outbox: contiguous seqs from 1, trim on ack, a signal when a seq arrives.</summary>
internal sealed class FakeOutbox : IOutboxReader
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, MetricSample> _samples = [];
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastSeq;

    public long AckedSeq { get; private set; }

    public List<long> Trims { get; } = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _samples.Count;
            }
        }
    }

    public void Append(params long[] observedAt)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            foreach (var at in observedAt)
            {
                _lastSeq++;
                _samples[_lastSeq] = new MetricSample { Seq = _lastSeq, ObservedAt = at, HeartRateBpm = 150 };
            }

            signal = _appended;
            _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    public ValueTask<long> GetAckedSeqAsync(CancellationToken cancellationToken) => ValueTask.FromResult(AckedSeq);

    public ValueTask<IReadOnlyList<MetricSample>> ReadPendingAsync(long fromSeq, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<MetricSample> pending = [.. _samples.Values.Where(s => s.Seq >= fromSeq).Take(max)];
            return ValueTask.FromResult(pending);
        }
    }

    public ValueTask TrimAsync(long upTo, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var seq in _samples.Keys.Where(k => k <= upTo).ToList())
            {
                _samples.Remove(seq);
            }

            AckedSeq = Math.Max(AckedSeq, upTo);
            Trims.Add(upTo);
        }

        return ValueTask.CompletedTask;
    }

    public async Task WaitForSeqAsync(long seq, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task appended;
            lock (_gate)
            {
                if (_lastSeq >= seq)
                {
                    return;
                }

                appended = _appended.Task;
            }

            await appended.WaitAsync(cancellationToken);
        }
    }
}
