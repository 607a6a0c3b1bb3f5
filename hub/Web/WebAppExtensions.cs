namespace MindMuscle.Live.Hub.Web;

/// <summary>
/// Serves the web app (web/, Blazor WebAssembly) from the hub itself: its framework files, its static assets
/// (pre-compressed, fingerprinted, cached) and index.html for every page route. API and hub paths keep their 404s.
/// </summary>
internal static class WebAppExtensions
{
    private const string ReloadStaticAssetsAtRuntime = "ReloadStaticAssetsAtRuntime";

    public static WebApplicationBuilder AddWebApp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // A hub started from its build output (scripts/live.sh, the tests) serves the web app's files from their
        // build locations in every environment, not only in Development; a published hub has them in wwwroot.
        builder.WebHost.UseStaticWebAssets();

        // MapStaticAssets patches a build manifest's files at run time for hot reload: any file whose time stamp is
        // not the manifest's (sub-second precision) is then re-gzipped uncompressed, without integrity and with
        // no-cache, so the app's first load over the wire was its full uncompressed size. A hub is not a dev loop:
        // serve the build's own pre-compressed, fingerprinted, immutable files (set it to true to edit wwwroot live).
        if (builder.Configuration[ReloadStaticAssetsAtRuntime] is null)
        {
            builder.Configuration[ReloadStaticAssetsAtRuntime] = "false";
        }

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
