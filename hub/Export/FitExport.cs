using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Export;

/// <summary>A runner's recording as a FIT activity file (docs/fit.md): what Garmin Connect, Strava and the like import with running dynamics.</summary>
internal static class FitExport
{
    public const string ContentType = "application/vnd.ant.fit";

    /// <summary>The file's bytes, or null when the runner has no recorded sample. A one-hour file is a few hundred kB.</summary>
    public static async Task<byte[]?> WriteAsync(RecordingStore store, string sessionId, string runnerId, CancellationToken ct) =>
        await RunnerActivity.LoadAsync(store, sessionId, runnerId, ct) is { } activity ? FitActivityWriter.Write(activity) : null;
}
