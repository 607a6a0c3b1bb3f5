using System.Collections.Concurrent;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>What the flood got through: the seqs of every acked batch (a refused batch records nothing).</summary>
internal sealed class FloodOutcome
{
    private readonly ConcurrentDictionary<long, byte> _accepted = new();

    public long Refused { get; set; }

    public long HubRefused { get; set; }

    public IEnumerable<long> AcceptedSeqs => _accepted.Keys.Order();

    public void Accepted(MetricSample[] samples)
    {
        foreach (var s in samples)
        {
            _accepted[s.Seq] = 0;
        }
    }
}
