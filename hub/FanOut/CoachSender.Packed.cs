using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>How a frame leaves: as a <see cref="SamplesFrame"/>, or packed for a coach that asked with <c>WatchPacked</c>.</summary>
internal sealed partial class CoachSender
{
    /// <summary>Frames go out as <c>SamplesPacked</c> bytes (<see cref="PackedSamples"/>) instead of <c>Samples</c>.</summary>
    public bool Packed { get; init; }

    private Task SendFrame(ICoachClient client, SamplesFrame frame) =>
        Packed && client is IPackedCoachClient packed
            ? packed.SamplesPacked(PackedFrames.Bytes(frame, _metrics, _time))
            : client.Samples(frame);
}
