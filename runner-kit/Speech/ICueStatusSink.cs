using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.RunnerKit.Speech;

/// <summary>Takes what happened to a cue back towards the hub (through the runner's uplink).</summary>
public interface ICueStatusSink
{
    void Report(int runnerIndex, CueStatusReport report);
}
