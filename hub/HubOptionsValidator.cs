using Microsoft.Extensions.Options;

namespace MindMuscle.Live.Hub;

/// <summary>Checks every <see cref="HubOptions"/> member at start; each failure names its setting (<c>Hub:Name</c>) and the range it needs.</summary>
internal sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    // PeriodicTimer and Task.Delay refuse periods above uint.MaxValue - 1 ms (~49 days).
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options;
        var failures = new List<string>();
        void Check(bool ok, string setting, string needs)
        {
            if (!ok)
            {
                failures.Add($"{HubOptions.Section}:{setting} {needs}");
            }
        }

        void Range(long value, long min, long max, string setting) =>
            Check(value >= min && value <= max, setting, $"is {value}; set {min}..{max}");

        void Span(TimeSpan value, TimeSpan min, TimeSpan max, string setting) =>
            Check(value >= min && value <= max, setting, $"is {value}; set {min}..{max}");

        Check(!string.IsNullOrWhiteSpace(o.DataPath), nameof(o.DataPath), "is empty; set a folder for the recording and keys");
        Check(o.CoachKey is null || o.CoachKey.Length <= 1024, nameof(o.CoachKey), "is longer than 1024 characters");
        Check(o.JwtSigningKey is not { Length: > 0 } key || IsSigningKey(key), nameof(o.JwtSigningKey), "must be base64 of at least 32 bytes (openssl rand -base64 64)");
        Span(o.TokenLifetime, TimeSpan.FromHours(4), Year, nameof(o.TokenLifetime));
        Range(o.MaxBatchSamples, 1, 100_000, nameof(o.MaxBatchSamples));
        Span(o.MaxSampleAge, TimeSpan.FromSeconds(1), Year, nameof(o.MaxSampleAge));
        Span(o.MaxSampleFuture, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(o.MaxSampleFuture));
        Span(o.StaleAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), nameof(o.StaleAfter));
        Span(o.BackfillLag, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(o.BackfillLag));
        Range(o.DefaultCueTtlSeconds, 1, 3600, nameof(o.DefaultCueTtlSeconds));
        Span(o.AutoCueMinInterval, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(o.AutoCueMinInterval));
        Span(o.AutoCueCheckInInterval, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(o.AutoCueCheckInInterval));
        Span(o.TickInterval, TimeSpan.FromMilliseconds(1), LongestTimer, nameof(o.TickInterval));
        Range(o.CoachQueueSamples, 1, 10_000_000, nameof(o.CoachQueueSamples));
        Range(o.CoachQueueMessages, 1, 1_000_000, nameof(o.CoachQueueMessages));
        Span(o.CoachFrameInterval, TimeSpan.Zero, TimeSpan.FromSeconds(10), nameof(o.CoachFrameInterval));
        Span(o.PackedFrameInterval, TimeSpan.Zero, TimeSpan.FromSeconds(10), nameof(o.PackedFrameInterval));
        Span(o.CoachSendTimeout, TimeSpan.FromMilliseconds(1), LongestTimer, nameof(o.CoachSendTimeout));
        Span(o.CoachAbortAfter, TimeSpan.FromMilliseconds(1), LongestTimer, nameof(o.CoachAbortAfter));
        Check(o.CoachAbortAfter > o.CoachSendTimeout, nameof(o.CoachAbortAfter), $"({o.CoachAbortAfter}) must exceed {HubOptions.Section}:{nameof(o.CoachSendTimeout)} ({o.CoachSendTimeout})");
        Range(o.JoinPermitLimit, 1, 100_000, nameof(o.JoinPermitLimit));
        Span(o.JoinWindow, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), nameof(o.JoinWindow));
        Range(o.RecorderQueue, 1, 1_000_000, nameof(o.RecorderQueue));
        Range(o.RecorderMaxBatchSamples, 1, 1_000_000, nameof(o.RecorderMaxBatchSamples));
        Span(o.RecorderCommitInterval, TimeSpan.Zero, TimeSpan.FromSeconds(10), nameof(o.RecorderCommitInterval));
        Span(o.RecorderInboxMoveInterval, TimeSpan.Zero, TimeSpan.FromHours(1), nameof(o.RecorderInboxMoveInterval));
        Range(o.RecorderInboxMoveRows, 1, 10_000_000, nameof(o.RecorderInboxMoveRows));
        Range(o.RecorderInboxSlices, 1, Recording.Sqlite.SqliteRecordingDatabase.MaxInboxSlices, nameof(o.RecorderInboxSlices));
        Check(o.Store is not null && (o.Store.Equals("sqlite", StringComparison.OrdinalIgnoreCase) || o.Store.Equals("postgres", StringComparison.OrdinalIgnoreCase)),
            nameof(o.Store), "must be 'sqlite' or 'postgres'");
        Check(!string.Equals(o.Store, "postgres", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrWhiteSpace(o.Postgres),
            nameof(o.Postgres), "is empty but Hub:Store is 'postgres'; set an Npgsql connection string (env Hub__Postgres), e.g. Host=postgres;Port=5432;Database=mml;Username=mml;Password=...");
        Check(string.IsNullOrWhiteSpace(o.Redis) || IsRedisConfiguration(o.Redis), nameof(o.Redis), "is not a StackExchange.Redis configuration (e.g. redis:6379,abortConnect=false)");
        Check(double.IsFinite(o.PublishRateLimit) && o.PublishRateLimit is >= 0 and <= 1_000_000, nameof(o.PublishRateLimit), $"is {o.PublishRateLimit}; set 0 (off)..1000000");
        Range(o.PublishBurst, 1, 1_000_000, nameof(o.PublishBurst));
        Check(string.IsNullOrWhiteSpace(o.PublicBaseUrl) || IsHttpUrl(o.PublicBaseUrl), nameof(o.PublicBaseUrl),
            $"is '{o.PublicBaseUrl}'; set the absolute http(s) URL browsers reach the hub at, e.g. https://track.example.org (no query, no fragment)");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);

    private static bool IsRedisConfiguration(string configuration)
    {
        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(configuration);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsSigningKey(string key)
    {
        // The key comes from configuration and may be of any length: decode into the heap, never the stack.
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key.Trim(), bytes, out var length) && length >= 32;
    }
}
