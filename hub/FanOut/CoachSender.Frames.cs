using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>How a coach's waiting samples become a frame.</summary>
internal sealed partial class CoachSender
{
    /// <summary>
    /// The chunks of the next frame: all that wait, or the oldest up to <see cref="MaxFrameSamples"/> when a coach fell
    /// behind, so that a cue update or alert arriving meanwhile waits for one bounded frame, not for the whole backlog.
    /// Called under <see cref="_gate"/>.
    /// </summary>
    private LinkedList<Chunk> TakeFrameLocked()
    {
        if (_pendingSamples <= MaxFrameSamples)
        {
            var all = _pending;
            _pending = new LinkedList<Chunk>();
            _pendingSamples = 0;
            return all;
        }

        var frame = new LinkedList<Chunk>();
        var taken = 0;
        while (_pending.First is { } oldest && (frame.Count == 0 || taken + oldest.Value.Samples.Length <= MaxFrameSamples))
        {
            _pending.RemoveFirst();
            frame.AddLast(oldest);
            taken += oldest.Value.Samples.Length;
        }

        _pendingSamples -= taken;
        return frame;
    }

    private SamplesFrame BuildFrame(LinkedList<Chunk> chunks, int dropped)
    {
        _metrics.FrameBuilt(chunks.Sum(c => c.Samples.Length));
        if (chunks.Count == 1)
        {
            var only = chunks.First!.Value;
            return only.Shared is { } shared && dropped == 0 ? shared : new SamplesFrame { SessionId = SessionId, Runners = [new RunnerSamples { RunnerId = only.RunnerId, Samples = only.Samples }], Dropped = dropped };
        }

        var byRunner = new Dictionary<string, List<MetricSample>>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            if (!byRunner.TryGetValue(chunk.RunnerId, out var list))
            {
                byRunner[chunk.RunnerId] = list = [];
            }

            list.AddRange(chunk.Samples);
        }

        return new SamplesFrame
        {
            SessionId = SessionId,
            Runners = [.. byRunner.Select(kv => new RunnerSamples { RunnerId = kv.Key, Samples = [.. kv.Value] })],
            Dropped = dropped,
        };
    }
}
