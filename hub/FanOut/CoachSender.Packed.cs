using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>How a frame leaves: as a <see cref="SamplesFrame"/>, or packed for a coach that asked with <c>WatchPacked</c>.</summary>
internal sealed partial class CoachSender
{
    /// <summary>Frames go out as <c>SamplesPacked</c> bytes (<see cref="PackedSamples"/>) instead of <c>Samples</c>.</summary>
    public bool Packed { get; init; }

    /// <summary>Sends <paramref name="frame"/>; <paramref name="shared"/> (its shared object, when it has one) carries its bytes.</summary>
    private Task SendFrame(ICoachClient client, SamplesFrame frame, SharedFrame? shared) =>
        Packed && client is IPackedCoachClient packed
            ? packed.SamplesPacked(shared is null ? PackedFrames.Bytes(frame, _metrics, _time) : PackedFrames.Bytes(shared, _metrics, _time))
            : shared is not null && client is ISharedFrameClient sharing ? sharing.Samples(shared) : client.Samples(frame);
}
