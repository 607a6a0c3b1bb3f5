using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.RunnerKit.Uplink;

/// <summary>What the pump tells its host (status line, screen, logs). Every member has a do-nothing default.</summary>
public interface IPumpObserver
{
    /// <summary>A batch went out; <paramref name="backfilled"/> of its samples were marked late.</summary>
    void BatchSent(int samples, int backfilled)
    {
    }

    /// <summary>An ack came back; <paramref name="acked"/> is the acknowledged seq after it.</summary>
    void AckReceived(PublishAck ack, long acked, long receivedAtMs)
    {
    }

    /// <summary>The hub acked less than a batch held (it saw a gap): the pump drains and resends from the ack.</summary>
    void GapFound(long upTo, long batchLast)
    {
    }

    /// <summary>The window was drained (before a resend or after a failure); <paramref name="acked"/> is the true ack.</summary>
    void Drained(long acked)
    {
    }
}
