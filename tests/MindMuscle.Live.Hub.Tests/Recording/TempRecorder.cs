using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.TestKit;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>Recorders over one fresh SQLite file in a temp folder, with their own meters; the folder goes on dispose.</summary>
internal sealed class TempRecorder(string prefix) : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory(prefix);

    /// <summary>The meter factory the stores' <see cref="HubMetrics"/> are created from (to listen to only theirs).</summary>
    public IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    public RecordingStore CreateStore(HubOptions options) => new(
        new SqliteRecordingDatabase(Folder.FullName, inboxSlices: options.RecorderInboxSlices), Options.Create(options), new HubMetrics(Meters), TimeProvider.System,
        NullLogger<RecordingStore>.Instance);

    /// <summary><paramref name="count"/> steady samples from seq <paramref name="from"/>, 250 ms apart.</summary>
    public static MetricSample[] Samples(long from, int count) =>
        [.. SampleBuilder.Steady(from, 1_700_000_000_000 + (from * 250), count, TimeSpan.FromMilliseconds(250))];

    /// <summary>A recorder write inserting <see cref="Samples"/> for runner <c>r-1</c> of <paramref name="sessionId"/>.</summary>
    public static Action<DbConnection, DbTransaction> Insert(RecordingStore store, string sessionId, long from, int count)
    {
        var samples = Samples(from, count);
        return (c, tx) => store.Database.InsertSamples(c, tx, sessionId, "r-1", samples, 1);
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Folder.Delete(recursive: true);
    }
}
