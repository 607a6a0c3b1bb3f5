namespace MindMuscle.Live.Hub.Replay;

internal static class ReplayExtensions
{
    public static WebApplicationBuilder AddReplay(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ReplayService>();
        return builder;
    }
}
