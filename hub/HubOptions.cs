using System.ComponentModel.DataAnnotations;

namespace MindMuscle.Live.Hub;

/// <summary>
/// Hub settings, bound from the <c>Hub</c> configuration section; <c>--data</c> and <c>--coach-key</c> (or
/// <c>MML_COACH_KEY</c>) override <see cref="DataPath"/> and <see cref="CoachKey"/>.
/// </summary>
public sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>Folder of the recording database, signing key and generated coach key (default <c>./data</c>).</summary>
    [Required] public string DataPath { get; set; } = "./data";

    /// <summary>Shared secret for creating sessions; generated and stored in the data folder when not configured.</summary>
    public string? CoachKey { get; set; }

    /// <summary>
    /// Token signing key, base64 of at least 32 bytes (also <c>MML_JWT_SIGNING_KEY</c>). Must be the same on every node of
    /// a scale-out deployment. When unset, the key in <c>&lt;data&gt;/jwt-signing.key</c> is used (generated when missing).
    /// </summary>
    public string? JwtSigningKey { get; set; }

    /// <summary>Token lifetime; long enough that a 4-hour track session never expires mid-run (default 12 h).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Most samples accepted in one publish (default 500).</summary>
    [Range(1, 100_000)] public int MaxBatchSamples { get; set; } = 500;

    /// <summary>How far in the past an <c>observedAt</c> may lie (default 2 days: outbox backfill after a long outage).</summary>
    public TimeSpan MaxSampleAge { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How far in the future an <c>observedAt</c> may lie (default 5 min of relay clock skew).</summary>
    public TimeSpan MaxSampleFuture { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>No sample for this long turns a live runner stale (default 5 s).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A sample observed this much before it arrives counts as backfill (default 10 s).</summary>
    public TimeSpan BackfillLag { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Default cue time-to-live when the request names none (default 20 s).</summary>
    [Range(1, 3600)] public int DefaultCueTtlSeconds { get; set; } = 20;

    /// <summary>Auto-cue mode sends at most one cue per runner per this interval (default 60 s).</summary>
    public TimeSpan AutoCueMinInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Auto-cue mode: a periodic check-in cue ("Cadence steady?") per live runner at this interval, within the same
    /// gap and coach quiet time as alert cues (default 5 min, docs/alerts.md); zero turns check-ins off.
    /// </summary>
    public TimeSpan AutoCueCheckInInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Alert-engine tick and stale check period (default 1 s).</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Samples held for one coach while its sends are slow; beyond it the oldest are dropped (default 20 000).</summary>
    [Range(1, 10_000_000)] public int CoachQueueSamples { get; set; } = 20_000;

    /// <summary>Alerts, statuses and cue updates held for one coach; beyond it the oldest are dropped (default 2 000).</summary>
    [Range(1, 1_000_000)] public int CoachQueueMessages { get; set; } = 2_000;

    /// <summary>
    /// Least time between two samples frames to one coach (default 5 ms, at most 200 frames/s per coach): samples that
    /// arrive sooner are coalesced into the next frame. Zero sends a frame whenever the coach is idle.
    /// </summary>
    public TimeSpan CoachFrameInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>A send to one coach that takes longer counts as a timeout and marks the coach lagging (default 5 s).</summary>
    public TimeSpan CoachSendTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A coach whose send is stuck this long is disconnected; it reconnects and re-watches (default 30 s).</summary>
    public TimeSpan CoachAbortAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Join attempts per client address per <see cref="JoinWindow"/> (default 30). Phones on one track Wi-Fi may share
    /// a public address when the hub is in the cloud: raise it for big groups; 31^8 join codes stay out of reach anyway.
    /// </summary>
    [Range(1, 100_000)] public int JoinPermitLimit { get; set; } = 30;

    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Writes queued for the recorder before publishers wait (default 4 096).</summary>
    [Range(1, 1_000_000)] public int RecorderQueue { get; set; } = 4_096;

    /// <summary>Most samples in one recorder transaction (default 5 000).</summary>
    [Range(1, 1_000_000)] public int RecorderMaxBatchSamples { get; set; } = 5_000;

    /// <summary>
    /// Group commit: at most one recorder transaction per interval (default 5 ms; 0 = commit as soon as anything is
    /// queued). A write that finds the recorder idle for longer commits at once; under load the writes of the
    /// interval share one transaction and one fsync (at 1,000 runners x 4 Hz: 85-175 fsyncs a second instead of ~340).
    /// Acks wait at most this much longer; coaches and alerts never wait for the disk.
    /// </summary>
    public TimeSpan RecorderCommitInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// SQLite: longest a busy recorder leaves committed samples in its append-only inbox before moving them into the
    /// samples table (default 5 s, or sooner after 20,000 rows; every read moves them first, so readers never see the
    /// difference). Each move writes
    /// each runner's page once for all its samples since the last move: at 1,000 runners x 4 Hz, 5 s took the WAL's
    /// pwrite calls from ~19,000 to ~3,900 a second (1 s: ~9,700). Longer = fewer page writes, a bigger inbox.
    /// </summary>
    public TimeSpan RecorderInboxMoveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Recording store: <c>sqlite</c> (default, <c>recording.db</c> in the data folder) or <c>postgres</c> (shared by every node).</summary>
    [RegularExpression("^(?i)(sqlite|postgres)$", ErrorMessage = "Hub:Store must be 'sqlite' or 'postgres'")]
    public string Store { get; set; } = "sqlite";

    /// <summary>Npgsql connection string; required when <see cref="Store"/> is <c>postgres</c>.</summary>
    public string? Postgres { get; set; }

    /// <summary>
    /// StackExchange.Redis configuration (e.g. <c>redis:6379</c>); empty = a single node without backplane. Set: the
    /// SignalR Redis backplane and the cross-node session bus (docs/deployment.md).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// Publishes per second one runner may make over hub <c>Publish</c> and <c>POST /api/ingest</c> together, once its
    /// <see cref="PublishBurst"/> is spent (a token bucket per runner; default 50). A relay sends a few batches a second
    /// live and up to 4 in flight while it backfills, so only a runner flooding the hub meets it; a refused batch gets a
    /// typed error with a retry time and nothing of it is recorded. Zero turns the limit off.
    /// </summary>
    [Range(0, 1_000_000)] public double PublishRateLimit { get; set; } = 50;

    /// <summary>
    /// Publishes one runner may make back to back before <see cref="PublishRateLimit"/> paces it (the bucket's size;
    /// default 200, i.e. 40,000 samples of backfill in 200-sample batches with no wait at all).
    /// </summary>
    [Range(1, 1_000_000)] public int PublishBurst { get; set; } = 200;
}
