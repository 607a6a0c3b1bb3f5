using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Relay.Speech;

/// <summary>Takes what happened to a cue back towards the hub (through the runner's uplink).</summary>
internal interface ICueStatusSink
{
    void Report(int runnerIndex, CueStatusReport report);
}
