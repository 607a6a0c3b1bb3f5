namespace MindMuscle.Live.Hub.Cues;

internal static class CuesExtensions
{
    /// <summary>Cue sends, statuses and auto-cue policies; delivery (<see cref="ICueDelivery"/>) comes from the live hub.</summary>
    public static WebApplicationBuilder AddCues(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<CueService>();
        builder.Services.AddSingleton<AutoCueSwitch>();
        return builder;
    }
}
