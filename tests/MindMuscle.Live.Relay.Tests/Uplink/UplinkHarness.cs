using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Uplink;
using MindMuscle.Live.RunnerKit.Speech;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Relay.Tests.Uplink;

/// <summary>One runner's real outbox (SQLite in a temp dir) and real uplink against an <see cref="InTestHub"/>.</summary>
internal sealed class UplinkHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<long, long> _observedAt = [];
    private Task? _run;
    private Task? _writer;
    private long _lastSeq;
    private volatile bool _writerStopped;

    private UplinkHarness(TempDirectory dir, HttpClient http, SqliteOutbox outbox, RunnerUplink uplink)
    {
        _dir = dir;
        _http = http;
        Outbox = outbox;
        Uplink = uplink;
    }

    public SqliteOutbox Outbox { get; }

    public RunnerUplink Uplink { get; }

    public long LastSeq => Interlocked.Read(ref _lastSeq);

    /// <summary>Relay-clock observedAt of each seq written.</summary>
    public IReadOnlyDictionary<long, long> ObservedAt
    {
        get
        {
            lock (_observedAt)
            {
                return new Dictionary<long, long>(_observedAt);
            }
        }
    }

    public static async Task<UplinkHarness> CreateAsync(
        Uri hubUrl, Func<UplinkOptions, UplinkOptions>? tune = null, Func<QueuedCue, bool>? cues = null, ILoggerFactory? logs = null)
    {
        var dir = new TempDirectory();
        var outbox = SqliteOutbox.Open(dir.Path, new OutboxOptions { SynchronousFull = false }, NullLogger.Instance);
        outbox.EnsureRunner(0, "Ana");
        var options = FastOptions(hubUrl);
        options = tune?.Invoke(options) ?? options;
        var clock = new ClockOffsetEstimator(options.ClockSmoothing);
        var http = new HttpClient();
        var credentials = new RunnerCredentials(
            0, outbox, new HttpJoinClient(http), options, clock, TimeProvider.System, NullLogger.Instance);
        var uplink = new RunnerUplink(0, outbox, credentials, clock, cues ?? (_ => true), options, TimeProvider.System, logs ?? NullLoggerFactory.Instance);
        return new UplinkHarness(dir, http, outbox, uplink);
    }

    /// <summary>Delays scaled down so a test's outages and retries take milliseconds to seconds.</summary>
    public static UplinkOptions FastOptions(Uri hubUrl) => new()
    {
        HubUrl = hubUrl,
        JoinCode = "TESTCODE",
        BatchSize = 25,
        MaxInFlight = 4,
        // Generous for a 2-core machine shared by several test runs; outages and retries below are what is scaled down.
        PublishTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(250),
        BreakerBreakDuration = TimeSpan.FromMilliseconds(500), // Polly's minimum
        BreakerSamplingDuration = TimeSpan.FromSeconds(2),
        RestartDelay = TimeSpan.FromMilliseconds(50),
        BackfillThreshold = TimeSpan.FromMilliseconds(800),
    };

    public void Start() => _run = Uplink.RunAsync(_stop.Token);

    /// <summary>Writes readings like a 200 Hz sensor until <see cref="StopWritingAsync"/>.</summary>
    public void StartWriting(int perTick = 2)
    {
        var token = _stop.Token;
        _writer = Task.Run(
            async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
                while (!token.IsCancellationRequested && !_writerStopped)
                {
                    await WriteAsync(perTick);
                    await timer.WaitForNextTickAsync(token);
                }
            },
            token);
    }

    public async Task StopWritingAsync()
    {
        _writerStopped = true;
        if (_writer is not null)
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async Task WriteAsync(int count)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var readings = Enumerable.Range(0, count)
            .Select(_ => new SourceReading(0, new MetricSample { ObservedAt = now, HeartRateBpm = 150, CadenceSpm = 180 }))
            .ToList();
        var result = Outbox.Append(readings);
        lock (_observedAt)
        {
            foreach (var (_, seq) in result.Accepted)
            {
                _observedAt[seq] = now;
                Interlocked.Exchange(ref _lastSeq, seq);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writerStopped = true;
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        if (_writer is not null)
        {
            try
            {
                await _writer.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
            }
        }

        await Uplink.DisposeAsync();
        Outbox.Dispose();
        _http.Dispose();
        _stop.Dispose();
        _dir.Dispose();
    }
}
