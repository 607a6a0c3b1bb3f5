using Microsoft.Extensions.Options;
using MindMuscle.Live.Hub.Recording.Postgres;
using MindMuscle.Live.Hub.Recording.Sqlite;

namespace MindMuscle.Live.Hub.Recording;

internal static class RecordingExtensions
{
    /// <summary>The recording: SQLite in the data folder, or PostgreSQL shared by every node (<c>Hub:Store</c>).</summary>
    public static WebApplicationBuilder AddRecording(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var store = builder.Configuration[$"{HubOptions.Section}:{nameof(HubOptions.Store)}"];
        if (string.Equals(store, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            // Reading the options validates them: an empty Hub:Postgres fails there, naming the setting.
            builder.Services.AddSingleton<IRecordingDatabase>(sp =>
                new PostgresRecordingDatabase(sp.GetRequiredService<IOptions<HubOptions>>().Value.Postgres!));
        }
        else
        {
            builder.Services.AddSingleton<IRecordingDatabase>(sp =>
                new SqliteRecordingDatabase(
                    sp.GetRequiredService<IOptions<HubOptions>>().Value.DataPath,
                    sp.GetRequiredService<ILogger<SqliteRecordingDatabase>>(),
                    sp.GetRequiredService<IOptions<HubOptions>>().Value.ReadOnly,
                    sp.GetRequiredService<IOptions<HubOptions>>().Value.RecorderInboxSlices,
                    sp.GetService<TimeProvider>()));
        }

        builder.Services.AddSingleton<RecordingStore>();
        builder.Services.AddHostedService<RecordingShutdown>();
        builder.Services.AddSingleton<SessionRecorder>();
        return builder;
    }
}
