namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>The console's one HttpClient per command run.</summary>
internal static class CoachHttp
{
    /// <summary>Reads and small calls give up after 100 s; exports pass <see cref="Timeout.InfiniteTimeSpan"/> and rely on Ctrl+C.</summary>
    public static HttpClient Create(TimeSpan? timeout = null) => new() { Timeout = timeout ?? TimeSpan.FromSeconds(100) };
}
