using System.Collections.Concurrent;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.RunnerKit.Speech;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>Sends each cue status back through the uplink of the runner the cue came for.</summary>
internal sealed class CueStatusRouter : ICueStatusSink
{
    private readonly ConcurrentDictionary<int, RunnerUplink> _uplinks = new();

    /// <summary>Raised for every status (the status line counts them; <c>--json</c> prints them).</summary>
    public event EventHandler<(int RunnerIndex, CueStatusReport Report)>? Reported;

    public void Register(RunnerUplink uplink)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        _uplinks[uplink.RunnerIndex] = uplink;
    }

    public void Report(int runnerIndex, CueStatusReport report)
    {
        if (_uplinks.TryGetValue(runnerIndex, out var uplink))
        {
            uplink.ReportCueStatus(report);
        }

        Reported?.Invoke(this, (runnerIndex, report));
    }
}
