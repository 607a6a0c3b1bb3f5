namespace MindMuscle.Live.Hub.Sessions;

internal static class SessionsExtensions
{
    /// <summary>The sessions in memory (loaded from the recording) and the runners' status.</summary>
    public static WebApplicationBuilder AddSessions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<SessionRegistry>();
        builder.Services.AddSingleton<RunnerStatusTracker>();
        return builder;
    }
}
