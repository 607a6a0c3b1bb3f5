using Microsoft.Extensions.Logging.Abstractions;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Uplink;
using MindMuscle.Live.RunnerKit.Uplink;
using MindMuscle.Live.TestKit.Recording;
using static MindMuscle.Live.TestKit.Waiting.Polling;

namespace MindMuscle.Live.Faults.Tests.Ingest;

/// <summary>
/// A reading the relay's own checks let through but the real hub refuses for good (here a heart rate of 300 bpm written
/// straight to the outbox, as a file source or a future decoder might): the relay must not retry it forever nor let it
/// block the runner's later readings, and must keep it, count it and say why.
/// </summary>
public sealed class RefusedReadingRelayTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Uplink_HubRefusesOneReadingForGood_LaterReadingsRecordedRefusedOneDeadLetteredAcrossARestart()
    {
        await using var hub = HubTestHost.Start();
        var session = await hub.CreateSessionAsync("refused reading");
        var data = Directory.CreateTempSubdirectory("mml-relay-refused-").FullName;
        try
        {
            using var outbox = SqliteOutbox.Open(data, new OutboxOptions { SynchronousFull = false }, NullLogger.Instance);
            outbox.EnsureRunner(0, "Ana");
            Write(outbox, 30, badAt: 15);

            string runnerId;
            await using (var relay = Relay.Start(outbox, hub.BaseAddress, session.JoinCode))
            {
                await WaitUntilAsync(
                    () => outbox.GetStats(0).Pending == 0,
                    () => $"outbox {outbox.GetStats(0)}, uplink {relay.Uplink.Status}",
                    Limit,
                    Ct);

                // Readings taken after the refusal flow too.
                Write(outbox, 30, badAt: 50);
                await WaitUntilAsync(
                    () => outbox.GetStats(0) is { Pending: 0, LastSeq: 60 },
                    () => $"outbox {outbox.GetStats(0)}, uplink {relay.Uplink.Status}",
                    Limit,
                    Ct);
                Assert.Equal(0, relay.Uplink.Status.Failures);
                runnerId = relay.Uplink.Status.RunnerId!;
            }

            // A restarted relay steps over the same hole in the hub's contiguous ack, from the dead letters on disk.
            using var reopened = SqliteOutbox.Open(data, new OutboxOptions { SynchronousFull = false }, NullLogger.Instance);
            reopened.EnsureRunner(0, "Ana");
            Write(reopened, 20, badAt: null);
            await using (var relay = Relay.Start(reopened, hub.BaseAddress, session.JoinCode))
            {
                await WaitUntilAsync(
                    () => reopened.GetStats(0) is { Pending: 0, LastSeq: 80, AckedSeq: 80 },
                    () => $"outbox {reopened.GetStats(0)}, uplink {relay.Uplink.Status}",
                    Limit,
                    Ct);
                Assert.Equal(0, relay.Uplink.Status.Failures);
            }

            var recorded = RecordingFile.RecordedSeqs(hub.DataPath, session.SessionId)[runnerId];
            Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i).Where(s => s is not 15 and not 50), recorded);

            var stats = reopened.GetStats(0);
            Assert.Equal(2, stats.DeadLettered);
            Assert.Contains("heartRateBpm (seq 50) is 300", stats.DeadLetterReason, StringComparison.Ordinal);
            var letters = reopened.ReadDeadLetters();
            Assert.Equal([15L, 50L], letters.Select(l => l.Seq));
            Assert.All(letters, l => Assert.Equal(session.SessionId, l.SessionId));
            Assert.All(letters, l => Assert.Equal(300, l.Sample!["heartRateBpm"]!.GetValue<int>()));
            Assert.Contains("expected 20..255 bpm", letters[0].Reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Uplink_HubRefusesAReadingsTimeAsTheRelaysClock_NothingDeadLetteredRetriedWithBackoffSaysCheckTheClock()
    {
        // A day ahead of the hub: the relay's clock (or its offset before the first ack) is wrong, not the reading.
        await AssertKeptAndRetriedAsync(
            HubTestHost.Start(),
            outbox => Write(outbox, 30, badAt: null, futureAt: 15),
            ackedBeforeIt: 10,
            "check the relay's clock");
    }

    [Fact]
    public async Task Uplink_HubTakesSmallerBatchesThanTheRelaySends_NothingDeadLetteredRetriedWithBackoffNamesTheLimit()
    {
        await AssertKeptAndRetriedAsync(
            HubTestHost.Start(new Dictionary<string, string?> { ["Hub:MaxBatchSamples"] = "5" }),
            outbox => Write(outbox, 30, badAt: null),
            ackedBeforeIt: 0,
            "Hub:MaxBatchSamples");
    }

    /// <summary>
    /// A refusal that is the relay's to fix keeps every reading in the outbox and fails rounds with their backoff (not
    /// a tight loop into the dead letters), saying what to fix.
    /// </summary>
    private static async Task AssertKeptAndRetriedAsync(HubTestHost hubHost, Action<SqliteOutbox> write, long ackedBeforeIt, string advice)
    {
        await using var hub = hubHost;
        var session = await hub.CreateSessionAsync("refused batch");
        var data = Directory.CreateTempSubdirectory("mml-relay-kept-").FullName;
        try
        {
            using var outbox = SqliteOutbox.Open(data, new OutboxOptions { SynchronousFull = false }, NullLogger.Instance);
            outbox.EnsureRunner(0, "Ana");
            write(outbox);
            await using var relay = Relay.Start(outbox, hub.BaseAddress, session.JoinCode);
            await WaitUntilAsync(
                () => relay.Uplink.Status.Failures >= 3,
                () => $"outbox {outbox.GetStats(0)}, uplink {relay.Uplink.Status}",
                Limit,
                Ct);

            var stats = outbox.GetStats(0);
            Assert.Equal(0, stats.DeadLettered);
            Assert.Equal(ackedBeforeIt, stats.AckedSeq);
            Assert.Equal(30 - ackedBeforeIt, stats.Pending);
            Assert.Contains(advice, relay.Uplink.Status.LastError, StringComparison.Ordinal);
            Assert.Empty(outbox.ReadDeadLetters());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static void Write(SqliteOutbox outbox, int count, long? badAt, long? futureAt = null)
    {
        var first = outbox.GetStats(0).LastSeq + 1;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var readings = Enumerable.Range(0, count)
            .Select(i => new SourceReading(0, new MetricSample
            {
                ObservedAt = first + i == futureAt ? now + (long)TimeSpan.FromDays(1).TotalMilliseconds : now - ((count - i) * 250L),
                HeartRateBpm = first + i == badAt ? 300 : 150,
                CadenceSpm = 180,
            }))
            .ToList();
        outbox.Append(readings);
    }

    /// <summary>One runner's real uplink (join, SignalR + MessagePack, the publish pipeline) over the given outbox.</summary>
    private sealed class Relay : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;

        private Relay(RunnerUplink uplink, HttpClient http)
        {
            Uplink = uplink;
            _http = http;
        }

        public RunnerUplink Uplink { get; }

        public static Relay Start(SqliteOutbox outbox, Uri hubUrl, string joinCode)
        {
            var options = new UplinkOptions
            {
                HubUrl = hubUrl,
                JoinCode = joinCode,
                BatchSize = 10,
                MaxInFlight = 4,
                PublishTimeout = TimeSpan.FromSeconds(20),
                ConnectTimeout = TimeSpan.FromSeconds(20),
                RetryBaseDelay = TimeSpan.FromMilliseconds(20),
                RetryMaxDelay = TimeSpan.FromMilliseconds(250),
                RestartDelay = TimeSpan.FromMilliseconds(50),
            };
            var clock = new ClockOffsetEstimator(options.ClockSmoothing);
            var http = new HttpClient();
            var credentials = new RunnerCredentials(0, outbox, new HttpJoinClient(http), options, clock, TimeProvider.System, NullLogger.Instance);
            var uplink = new RunnerUplink(0, outbox, credentials, clock, _ => true, options, TimeProvider.System, NullLoggerFactory.Instance);
            var relay = new Relay(uplink, http);
            relay._run = uplink.RunAsync(relay._stop.Token);
            return relay;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(Limit);
            await Uplink.DisposeAsync();
            _http.Dispose();
            _stop.Dispose();
        }
    }
}
