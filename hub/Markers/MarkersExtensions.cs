namespace MindMuscle.Live.Hub.Markers;

internal static class MarkersExtensions
{
    public static WebApplicationBuilder AddMarkers(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<MarkerService>();
        return builder;
    }
}
