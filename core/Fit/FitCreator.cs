namespace MindMuscle.Live.Core.Fit;

/// <summary>Who wrote the file: file_id and device_info name MindMuscle.Live (manufacturer "development", 255).</summary>
public sealed record FitCreator
{
    public static FitCreator Default { get; } = new();

    public string ProductName { get; init; } = "MindMuscle.Live";

    public int Product { get; init; } = 1;

    /// <summary>A FIT serial number (uint32z: 0 means none).</summary>
    public long? SerialNumber { get; init; }

    public double SoftwareVersion { get; init; } = 1.0;

    /// <summary>A stable serial number for one runner of one session, so re-exports name the same device.</summary>
    public static long SerialFor(string sessionId, string runnerId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(runnerId);
        var hash = 2166136261u;
        foreach (var c in sessionId + "\n" + runnerId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash == 0 ? 1 : hash;
    }
}
