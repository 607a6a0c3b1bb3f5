using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.RunnerKit.Uplink;

/// <summary>
/// One runner's durable outbox as the pump sees it: samples already written with contiguous seqs, read in seq order and
/// trimmed once the hub has recorded them. The relay's SQLite file and the phone's IndexedDB each implement it.
/// </summary>
public interface IOutboxReader
{
    /// <summary>The highest seq the hub has acknowledged (0 when none).</summary>
    ValueTask<long> GetAckedSeqAsync(CancellationToken cancellationToken);

    /// <summary>Unsent samples with seq &gt;= <paramref name="fromSeq"/>, in seq order, at most <paramref name="max"/>.</summary>
    ValueTask<IReadOnlyList<MetricSample>> ReadPendingAsync(long fromSeq, int max, CancellationToken cancellationToken);

    /// <summary>Deletes samples at or below <paramref name="upTo"/>: the hub recorded them.</summary>
    ValueTask TrimAsync(long upTo, CancellationToken cancellationToken);

    /// <summary>Completes when a sample with seq &gt;= <paramref name="seq"/> is stored (at once if it already is).</summary>
    Task WaitForSeqAsync(long seq, CancellationToken cancellationToken);
}
