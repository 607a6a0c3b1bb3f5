using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Ingest;

/// <summary>
/// One runner's ingest progress: the highest contiguous seq durably recorded, the seqs recorded above a gap, and the
/// batches queued for the recorder whose commit is not settled yet. Only a <see cref="Held"/> from
/// <see cref="EnterAsync"/> reads or changes it: one runner's publishes (hub and HTTP, old and new connection) take
/// turns, so dedup and acks stay exact.
/// </summary>
#pragma warning disable CA1001 // The semaphore never allocates a wait handle (WaitAsync only): nothing to dispose, and runners live as long as the hub.
internal sealed class RunnerProgress
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly HashSet<long> _pending = [];
    private readonly Queue<(MetricSample[] Samples, Task Committed)> _inFlight = new();
    private readonly SortedSet<long> _above;

    /// <summary>Seqs refused for their values: settled without a record, kept to re-settle after a reload.</summary>
    private readonly HashSet<long> _refused = [];
    private long _upTo;

    /// <summary><see cref="_upTo"/> as readers outside the lock see it (snapshots, statuses, rejoin).</summary>
    private long _lastSeq;

    public RunnerProgress(RecordedProgress recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        _upTo = _lastSeq = recorded.UpTo;
        _above = [.. recorded.Above];
    }

    /// <summary>Highest contiguous seq durably recorded, as last settled.</summary>
    public long LastSeq => Volatile.Read(ref _lastSeq);

    /// <summary>How many seqs are settled above a gap (a test's window on the set that a lasting gap would grow).</summary>
    internal int AboveCount => _above.Count;

    /// <summary>
    /// Waits for the runner's turn (FIFO). Held while a batch is checked, queued and fanned out, and again while its
    /// commit is settled; not while the commit is awaited, so a runner's next batch reaches the coaches meanwhile.
    /// </summary>
    public ValueTask<Held> EnterAsync(CancellationToken cancellationToken)
    {
        var wait = _lock.WaitAsync(cancellationToken);
        return wait.IsCompletedSuccessfully ? new(new Held(this)) : WaitAsync(wait);
    }

    private async ValueTask<Held> WaitAsync(Task wait)
    {
        await wait;
        return new Held(this);
    }

    private void Advance()
    {
        while (_above.Count > 0 && _above.Min == _upTo + 1)
        {
            _upTo = _above.Min;
            _above.Remove(_upTo);
        }
    }

    /// <summary>The runner's turn: the progress is this caller's until it is disposed.</summary>
    public readonly struct Held : IDisposable
    {
        private readonly RunnerProgress _progress;

        internal Held(RunnerProgress progress) => _progress = progress;

        public long UpTo => _progress._upTo;

        /// <summary>The samples not yet recorded nor queued; the batch's own array when all are new.</summary>
        public MetricSample[] Fresh(MetricSample[] samples)
        {
            ArgumentNullException.ThrowIfNull(samples);
            var fresh = 0;
            foreach (var sample in samples)
            {
                if (IsFresh(sample.Seq))
                {
                    fresh++;
                }
            }

            if (fresh == samples.Length)
            {
                return samples;
            }

            var accepted = new MetricSample[fresh];
            var i = 0;
            foreach (var sample in samples)
            {
                if (IsFresh(sample.Seq))
                {
                    accepted[i++] = sample;
                }
            }

            return accepted;
        }

        /// <summary>Notes a batch queued for the recorder: its seqs count as taken until its commit is settled.</summary>
        public void Queued(MetricSample[] accepted, Task committed)
        {
            ArgumentNullException.ThrowIfNull(accepted);
            foreach (var sample in accepted)
            {
                _progress._pending.Add(sample.Seq);
            }

            _progress._inFlight.Enqueue((accepted, committed));
        }

        /// <summary>The commit of the newest queued batch (the queue's struct enumerator: no allocation per publish).</summary>
        public Task? LastQueued()
        {
            Task? last = null;
            foreach (var (_, committed) in _progress._inFlight)
            {
                last = committed;
            }

            return last;
        }

        /// <summary>
        /// Moves every queued batch whose commit has completed, from the head in recorder order, into the recorded
        /// progress (or back to "not recorded" when its transaction failed, so a resend is accepted).
        /// </summary>
        /// <returns>How many samples were newly recorded.</returns>
        public int Settle()
        {
            var p = _progress;
            var recorded = 0;
            while (p._inFlight.TryPeek(out var head) && head.Committed.IsCompleted)
            {
                p._inFlight.Dequeue();
                foreach (var sample in head.Samples)
                {
                    p._pending.Remove(sample.Seq);
                }

                if (!head.Committed.IsCompletedSuccessfully)
                {
                    continue;
                }

                foreach (var sample in head.Samples)
                {
                    if (sample.Seq == p._upTo + 1)
                    {
                        p._upTo = sample.Seq;
                    }
                    else if (sample.Seq > p._upTo)
                    {
                        p._above.Add(sample.Seq);
                    }
                }

                p.Advance();
                recorded += head.Samples.Length;
            }

            Volatile.Write(ref p._lastSeq, p._upTo);
            return recorded;
        }

        /// <summary>
        /// Settles a seq refused for its values without recording it: it can never be recorded, so the contiguous
        /// <see cref="UpTo"/> moves past it instead of stopping below it for the rest of the session.
        /// </summary>
        /// <returns>True when the seq was newly settled (the caller records the refusal), false when it was already.</returns>
        public bool Refused(long seq)
        {
            var p = _progress;
            if (seq <= p._upTo || p._above.Contains(seq) || p._pending.Contains(seq) || !p._refused.Add(seq))
            {
                return false;
            }

            p._above.Add(seq);
            p.Advance();
            Volatile.Write(ref p._lastSeq, p._upTo);
            return true;
        }

        /// <summary>Replaces the progress with the recording's (scale-out: another node recorded this runner meanwhile).</summary>
        public void Restore(RecordedProgress recorded)
        {
            ArgumentNullException.ThrowIfNull(recorded);
            var p = _progress;
            p._above.Clear();
            p._above.UnionWith(recorded.Above);
            p._upTo = recorded.UpTo;

            // The recording holds no trace of a refused seq: settle it again, or the reload would bring the gap back.
            foreach (var seq in p._refused)
            {
                if (seq > p._upTo)
                {
                    p._above.Add(seq);
                }
            }

            p.Advance();
            Volatile.Write(ref p._lastSeq, p._upTo);
        }

        public void Dispose() => _progress?._lock.Release();

        private bool IsFresh(long seq) =>
            seq > _progress._upTo && !_progress._above.Contains(seq) && !_progress._pending.Contains(seq);
    }
}
