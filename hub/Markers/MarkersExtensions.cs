using Microsoft.AspNetCore.SignalR;

namespace MindMuscle.Live.Hub.Markers;

internal static class MarkersExtensions
{
    /// <summary>The marker service, and an unknown marker kind on the hub's JSON protocol read as such (answered, counted).</summary>
    public static WebApplicationBuilder AddMarkers(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<MarkerService>();
        builder.Services.Configure<JsonHubProtocolOptions>(o => o.PayloadSerializerOptions.Converters.Add(new LenientMarkerKindConverter()));
        return builder;
    }
}
