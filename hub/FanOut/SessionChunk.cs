using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// One hand-over of a runner's samples to a session's coaches: the same object in every coach's queue, numbered in the
/// order the session handed them over (every coach's queue holds them in that order). A coach that takes a frame
/// starting here records the cut (<see cref="FrameCut"/>) so the session's other coaches that hold the same chunks
/// send the same frame object (<see cref="SharedFrame"/>, which keeps its bytes), serialised once per protocol.
/// </summary>
internal sealed class SessionChunk
{
    private readonly long _seq;
    private readonly bool _sharedByPlain;
    private readonly bool _sharedByPacked;
    private readonly (string SessionId, string RunnerId, MetricSample[] Samples)? _source;
    private SharedFrame? _frame;
    private FrameCut? _plainCut;
    private FrameCut? _packedCut;

    /// <summary>A chunk whose frame (null when only one coach watches) is made already.</summary>
    public SessionChunk(long seq, SharedFrame? frame, bool sharedByPlain, bool sharedByPacked)
    {
        _seq = seq;
        _frame = frame;
        _sharedByPlain = sharedByPlain;
        _sharedByPacked = sharedByPacked;
    }

    /// <summary>
    /// A chunk whose frame is made only when a coach sends the chunk alone: most frames hold several chunks, so a frame
    /// per hand-over would mostly be thrown away.
    /// </summary>
    public SessionChunk(long seq, string sessionId, string runnerId, MetricSample[] samples, bool sharedByPlain, bool sharedByPacked)
        : this(seq, null, sharedByPlain, sharedByPacked)
    {
        if (sharedByPlain || sharedByPacked)
        {
            _source = (sessionId, runnerId, samples);
        }
    }

    /// <summary>Position in the session's hand-over order (1, 2, ...).</summary>
    public long Seq => _seq;

    /// <summary>The chunk alone as a frame shared by the session's coaches, or null when only one coach watches.</summary>
    public SharedFrame? Frame
    {
        get
        {
            if (Volatile.Read(ref _frame) is { } made)
            {
                return made;
            }

            if (_source is not { } source)
            {
                return null;
            }

            // Two coaches asking at once: one frame stands; the other is dropped.
            var frame = SharedFrame.Create(source.SessionId, source.RunnerId, source.Samples);
            return Interlocked.CompareExchange(ref _frame, frame, null) ?? frame;
        }
    }

    /// <summary>Whether two or more coaches of the kind (packed or not: their pacing differs) got this chunk.</summary>
    public bool SharedBy(bool packed) => packed ? _sharedByPacked : _sharedByPlain;

    /// <summary>The frame a coach of the kind cut starting at this chunk, or null.</summary>
    public FrameCut? CutFor(bool packed) => packed ? Volatile.Read(ref _packedCut) : Volatile.Read(ref _plainCut);

    /// <summary>Records <paramref name="cut"/> unless a coach of the kind cut here first; returns the cut that stands.</summary>
    public FrameCut Cut(bool packed, FrameCut cut) =>
        (packed ? Interlocked.CompareExchange(ref _packedCut, cut, null) : Interlocked.CompareExchange(ref _plainCut, cut, null)) ?? cut;
}

/// <summary>
/// A frame of a session's chunks from one chunk to <see cref="LastSeq"/>: the first coach of a kind that takes them cuts
/// it, the others holding the same chunks send the same <see cref="SharedFrame"/> object.
/// </summary>
internal sealed class FrameCut(long lastSeq, int samples, SharedFrame? frame = null)
{
    private SharedFrame? _frame = frame;

    public long LastSeq => lastSeq;

    public int Samples => samples;

    /// <summary>The cut's frame: the one built already, or <paramref name="build"/>'s if first.</summary>
    public SharedFrame GetFrame(Func<SamplesFrame> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (Volatile.Read(ref _frame) is { } built)
        {
            return built;
        }

        // Whichever coach sends it first stores its bytes in it for the others.
        var frame = new SharedFrame(build());
        return Interlocked.CompareExchange(ref _frame, frame, null) ?? frame;
    }
}
