namespace MindMuscle.Live.Hub.Ingest;

internal static class IngestExtensions
{
    /// <summary>The publish path and the per-runner publish rate limit in front of it.</summary>
    public static WebApplicationBuilder AddIngest(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddSingleton<Track.LiveTrackFeeder>();
        builder.Services.AddSingleton<PublishRateLimiter>();
        return builder;
    }
}
