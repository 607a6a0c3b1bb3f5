using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Export;

/// <summary>A runner's recording as TCX (core's <see cref="TcxWriter"/>): one trackpoint a second, laps per rep and recovery or per 400 m.</summary>
internal static class TcxExport
{
    public const string TcxNamespace = TcxWriter.TcxNamespace;
    public const string ExtensionNamespace = TcxWriter.ExtensionNamespace;

    /// <summary>False (nothing written) when the runner has no recorded sample.</summary>
    public static async Task<bool> WriteAsync(RecordingStore store, string sessionId, string runnerId, Stream output, CancellationToken ct)
    {
        if (await RunnerActivity.LoadAsync(store, sessionId, runnerId, ct) is not { } activity)
        {
            return false;
        }

        await TcxWriter.WriteAsync(activity, output, ct);
        return true;
    }
}
