namespace MindMuscle.Live.Hub.Web;

/// <summary>
/// Serves the web app (web/, Blazor WebAssembly) from the hub itself: its framework files, its static assets
/// (pre-compressed, fingerprinted, cached) and index.html for every page route. API and hub paths keep their 404s.
/// </summary>
internal static class WebAppExtensions
{
    public static WebApplicationBuilder AddWebApp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // A hub started from its build output (scripts/live.sh, the tests) serves the web app's files from their
        // build locations in every environment, not only in Development; a published hub has them in wwwroot.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public static WebApplication MapWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();

        // An unknown API or hub path is a 404, not the app's page.
        app.MapFallback("/api/{**rest}", () => Results.NotFound());
        app.MapFallback("/hubs/{**rest}", () => Results.NotFound());
        app.MapFallbackToFile("index.html");
        return app;
    }
}
