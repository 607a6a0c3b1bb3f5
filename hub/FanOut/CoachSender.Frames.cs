using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>How a coach's waiting samples become a frame.</summary>
internal sealed partial class CoachSender
{
    /// <summary>
    /// The chunks of the next frame, at most <see cref="MaxFrameSamples"/> when a coach fell behind (a cue update or alert
    /// arriving meanwhile waits for one bounded frame, not the whole backlog), and the session's cut they make when
    /// <paramref name="share"/>: the frame another coach cut from the same chunks, or the one this coach cuts for the
    /// others. Called under <see cref="_gate"/>.
    /// </summary>
    private (LinkedList<Chunk> Chunks, FrameCut? Cut) TakeFrameLocked(bool share)
    {
        var frame = new LinkedList<Chunk>();
        var taken = 0;
        var lastSeq = _pending.Last?.Value.Shared?.Seq ?? 0;
        share &= _pending.First?.Value.Shared?.SharedBy(Packed) == true;

        // Caught up: exactly the frame another coach cut. Behind by more than one cut: merged into one frame of this
        // coach's own that ends where a cut ends, so the next frame is shared again.
        FrameCut? only = null;
        var cuts = 0;
        var whole = true;
        while (share && whole && _pending.First?.Value.Shared?.CutFor(Packed) is { } cut && cut.LastSeq <= lastSeq
            && (cuts == 0 || taken + cut.Samples <= MaxFrameSamples))
        {
            var (samples, through) = TakeThroughLocked(frame, cut.LastSeq);
            taken += samples;
            whole = through;
            only = cut;
            cuts++;
        }

        if (cuts > 0)
        {
            // A cut this coach holds only part of (a chunk of its own in between) is not its frame: it sends its own.
            _pendingSamples -= taken;
            return (frame, cuts == 1 && whole ? only : null);
        }

        // This coach cuts: all that waits (bounded), stopping before a chunk where another coach's cut starts.
        var count = 0;
        var end = _pending.First;
        while (end is { } next && (count == 0 || (taken + next.Value.Samples.Length <= MaxFrameSamples
            && !(share && next.Value.Shared?.CutFor(Packed) is not null))))
        {
            taken += next.Value.Samples.Length;
            count++;
            end = next.Next;
        }

        FrameCut? mine = null;
        if (share && _pending.First!.Value.Shared is { } head)
        {
            var last = end?.Previous?.Value ?? _pending.Last!.Value;
            mine = new FrameCut(last.Shared?.Seq ?? head.Seq, taken, count == 1 ? head.Frame : null);
            var standing = head.Cut(Packed, mine);
            if (!ReferenceEquals(standing, mine))
            {
                // Another coach cut here at the same moment: take its frame when this coach holds all of it.
                if (standing.LastSeq <= lastSeq)
                {
                    var (samples, through) = TakeThroughLocked(frame, standing.LastSeq);
                    _pendingSamples -= samples;
                    return (frame, through ? standing : null);
                }

                mine = null;
            }
        }

        for (var i = 0; i < count; i++)
        {
            frame.AddLast(_pending.First!.Value);
            _pending.RemoveFirst();
        }

        _pendingSamples -= taken;
        return (frame, mine);
    }

    /// <summary>
    /// Moves the waiting chunks up to the session's chunk <paramref name="lastSeq"/> into <paramref name="frame"/>; returns
    /// their samples and whether they reach <paramref name="lastSeq"/> (false when a chunk outside the session's order
    /// stopped them: the cut then holds chunks this coach has not taken yet).
    /// </summary>
    private (int Samples, bool Through) TakeThroughLocked(LinkedList<Chunk> frame, long lastSeq)
    {
        var taken = 0;
        long reached = 0;
        while (_pending.First is { } node && node.Value.Shared is { } shared && shared.Seq <= lastSeq)
        {
            _pending.RemoveFirst();
            frame.AddLast(node);
            taken += node.Value.Samples.Length;
            reached = shared.Seq;
        }

        return (taken, reached == lastSeq);
    }

    /// <summary>The session's frame of a lone shared chunk, when this coach's frame is exactly it; otherwise null.</summary>
    private static SharedFrame? SharedAlone(LinkedList<Chunk> chunks, int dropped) =>
        chunks.Count == 1 && dropped == 0 ? chunks.First!.Value.Shared?.Frame : null;

    private SamplesFrame BuildFrame(LinkedList<Chunk> chunks, int dropped)
    {
        if (chunks.Count == 1)
        {
            var only = chunks.First!.Value;
            return new SamplesFrame { SessionId = SessionId, Runners = [new RunnerSamples { RunnerId = only.RunnerId, Samples = only.Samples }], Dropped = dropped };
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
