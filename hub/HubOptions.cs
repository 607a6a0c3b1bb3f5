namespace MindMuscle.Live.Hub;

/// <summary>
/// Hub settings, bound from the <c>Hub</c> configuration section and checked at start by <see cref="HubOptionsValidator"/>;
/// <c>--data</c> and <c>--coach-key</c> (or <c>MML_COACH_KEY</c>) override <see cref="DataPath"/> and <see cref="CoachKey"/>.
/// </summary>
internal sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>
    /// Serve the recording for review only: every read works, every change (join, ingest, cues, markers, sessions) is
    /// refused, no recorder writer runs and SQLite is opened read-only. Also <c>--read-only</c> and <c>MML_READ_ONLY</c>.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>Folder of the recording database, signing key and generated coach key.</summary>
    public string DataPath { get; set; } = "./data";

    /// <summary>Shared secret for creating sessions; generated and stored in the data folder when not configured.</summary>
    public string? CoachKey { get; set; }

    /// <summary>
    /// Token signing key, base64 of at least 32 bytes (also <c>MML_JWT_SIGNING_KEY</c>); the same on every node of a
    /// scale-out deployment. Unset: <c>&lt;data&gt;/jwt-signing.key</c> (generated when missing).
    /// </summary>
    public string? JwtSigningKey { get; set; }

    /// <summary>Long enough that a 4-hour track session never expires mid-run.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public int MaxBatchSamples { get; set; } = 500;

    /// <summary>How far in the past an <c>observedAt</c> may lie: an outbox backfilling after a long outage.</summary>
    public TimeSpan MaxSampleAge { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How far in the future an <c>observedAt</c> may lie: relay clock skew.</summary>
    public TimeSpan MaxSampleFuture { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>No sample for this long turns a live runner stale.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A sample observed this much before it arrives counts as backfill.</summary>
    public TimeSpan BackfillLag { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Cue time-to-live when the request names none.</summary>
    public int DefaultCueTtlSeconds { get; set; } = 20;

    /// <summary>Auto-cue mode sends at most one cue per runner per this interval.</summary>
    public TimeSpan AutoCueMinInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Auto-cue mode's periodic check-in cue per live runner (docs/alerts.md); zero turns check-ins off.</summary>
    public TimeSpan AutoCueCheckInInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Alert-engine tick and stale check period.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Samples held for one slow coach; beyond it the oldest are dropped (and counted).</summary>
    public int CoachQueueSamples { get; set; } = 20_000;

    /// <summary>Alerts, statuses and cue updates held for one slow coach; beyond it the oldest are dropped.</summary>
    public int CoachQueueMessages { get; set; } = 2_000;

    /// <summary>
    /// Least time between two samples frames to one coach; zero (the default) = whenever the coach is idle. Samples that
    /// arrive while a send is in flight are coalesced into the next frame whatever the interval, so a coach that lags
    /// gets fewer, larger frames either way; an interval only holds back a coach that keeps up. Measured in the real
    /// shape (random ticking, 1,500 runners): 5 ms coalesced 1.15 samples per frame, added ~2 ms to p50 and its timer
    /// waits cost CPU per sample (docs/benchmarks.md).
    /// </summary>
    public TimeSpan CoachFrameInterval { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// <see cref="CoachFrameInterval"/> for a coach that watches packed (the web page): in the browser's interpreter
    /// each frame has a fixed cost however few samples it carries, and tiles of 4 Hz data need no more than 10 frames/s.
    /// </summary>
    public TimeSpan PackedFrameInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A send to one coach that takes longer marks the coach lagging.</summary>
    public TimeSpan CoachSendTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A coach whose send is stuck this long is disconnected; it reconnects and re-watches.</summary>
    public TimeSpan CoachAbortAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Join attempts per client address per <see cref="JoinWindow"/>; phones on one track Wi-Fi may share an address.</summary>
    public int JoinPermitLimit { get; set; } = 30;

    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Writes queued for the recorder before publishers wait (back-pressure to the relays' outboxes).</summary>
    public int RecorderQueue { get; set; } = 4_096;

    /// <summary>Most samples in one recorder transaction.</summary>
    public int RecorderMaxBatchSamples { get; set; } = 5_000;

    /// <summary>
    /// Group commit: at most one recorder transaction (and fsync) per interval; acks wait at most this much longer. Zero =
    /// commit at once. The fsync is the commit's cost whatever its size, so a longer interval buys recorder CPU with ack time.
    /// </summary>
    public TimeSpan RecorderCommitInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// SQLite: longest committed samples stay in the append-only inbox; longer = fewer page writes, a bigger inbox (reads
    /// move it first). Zero = every transaction also moves one slice (<see cref="RecorderInboxSlices"/>).
    /// </summary>
    public TimeSpan RecorderInboxMoveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// SQLite: rows (write weight) after which each slice of the inbox is moved whatever the interval, a slice every
    /// 1/<see cref="RecorderInboxSlices"/> of them. At the real shape's rate (6,000 samples/s) this, not the interval, sets
    /// how often the moves come: more = fewer page writes per sample (each runner's pages take more rows per move), a
    /// bigger inbox that every read of samples scans, and longer moves. It also bounds the inbox under a bulk load (a
    /// relay backfilling its outbox).
    /// </summary>
    public int RecorderInboxMoveRows { get; set; } = 20_000;

    /// <summary>
    /// SQLite: slices of runners the inbox moves in, one slice per transaction (1 = the whole inbox at once). More = a
    /// shorter stall for the writes queued behind each move, more inbox pages written per commit.
    /// </summary>
    public int RecorderInboxSlices { get; set; } = Recording.Sqlite.SqliteRecordingDatabase.DefaultInboxSlices;

    /// <summary><c>sqlite</c> (<c>recording.db</c> in the data folder) or <c>postgres</c> (shared by every node).</summary>
    public string Store { get; set; } = "sqlite";

    /// <summary>Npgsql connection string; required when <see cref="Store"/> is <c>postgres</c>.</summary>
    public string? Postgres { get; set; }

    /// <summary>StackExchange.Redis configuration; set = the SignalR backplane and the cross-node session bus (docs/deployment.md).</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// The hub's address as browsers reach it (an absolute http(s) URL, e.g. <c>https://track.example.org/mml</c>) for
    /// the <c>coachUrl</c>/<c>joinUrl</c> it hands out behind a proxy; unset, they are built from each request's scheme and host.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Publishes per second per runner (hub and HTTP together) once <see cref="PublishBurst"/> is spent; only a flooding runner meets it. Zero = off.</summary>
    public double PublishRateLimit { get; set; } = 50;

    /// <summary>Publishes one runner may make back to back before <see cref="PublishRateLimit"/> paces it (a backfilling outbox).</summary>
    public int PublishBurst { get; set; } = 200;
}
