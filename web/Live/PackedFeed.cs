using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// The hub's <c>SamplesPacked</c> frames into the store, read with the core codec: the page's interpreter pays for a
/// few span reads per sample instead of a MessagePack map with string keys. A block it cannot read is counted (the
/// benchmark's <c>packedRejected</c>), logged and dropped; the next frame carries on.
/// </summary>
public sealed partial class PackedFeed(LiveStore store, LivePerf perf, ILogger<PackedFeed> logger)
{
    public void Apply(byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        SamplesFrame decoded;
        try
        {
            decoded = PackedSamples.Read(frame);
        }
        catch (PackedSamplesException ex)
        {
            perf.NotePackedRejected();
            LogRejected(logger, ex.Error, frame.Length, ex.Message);
            return;
        }

        store.ApplySamples(decoded);
    }

    [LoggerMessage(1720, LogLevel.Warning, "Dropped a packed samples frame of {Bytes} bytes ({Error}): {Reason}", EventName = "PackedRejected")]
    private static partial void LogRejected(ILogger logger, PackedSamplesError error, int bytes, string reason);
}
