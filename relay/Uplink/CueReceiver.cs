using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Relay.Speech;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>Takes the hub's cues for one runner, puts their deadline on this relay's clock and hands them to speech.</summary>
internal sealed class CueReceiver
{
    private readonly int _index;
    private readonly ClockOffsetEstimator _clock;
    private readonly Func<QueuedCue, bool> _sink;

    public CueReceiver(int runnerIndex, HubLink link, ClockOffsetEstimator clock, Func<QueuedCue, bool> sink)
    {
        ArgumentNullException.ThrowIfNull(link);
        _index = runnerIndex;
        _clock = clock;
        _sink = sink;
        link.OnCue(Receive);
    }

    private void Receive(CueMessage cue)
    {
        var expiresLocal = DateTimeOffset.FromUnixTimeMilliseconds(_clock.ToRelayTime(cue.ExpiresAt));
        _sink(new QueuedCue(_index, cue, expiresLocal));
    }
}
