using MindMuscle.Live.RunnerKit.Speech;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>Takes the hub's cues for one runner, puts their deadline on this relay's clock and hands them to speech.</summary>
internal static class CueReceiver
{
    /// <summary>Subscribes to the link's cues; the handler lives as long as the link's connection.</summary>
    public static void Attach(int runnerIndex, HubLink link, ClockOffsetEstimator clock, Func<QueuedCue, bool> sink)
    {
        ArgumentNullException.ThrowIfNull(link);
        link.OnCue(cue =>
        {
            var expiresLocal = DateTimeOffset.FromUnixTimeMilliseconds(clock.ToRelayTime(cue.ExpiresAt));
            sink(new QueuedCue(runnerIndex, cue, expiresLocal));
        });
    }
}
