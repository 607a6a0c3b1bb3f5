using System.Net.Http.Headers;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Faults.Tests.Scenarios;

/// <summary>
/// A relay's delivery contract in miniature: every observed sample gets the next seq and stays in an outbox until the
/// hub acks it; publishes go over plain HTTP (<c>POST /api/ingest</c>) through the fault proxy, and any failure
/// (reset, refused, timeout, lost ack) is retried from the first unacked seq. What the hub records is then compared
/// with what was observed.
/// </summary>
internal sealed class OutboxPublisher(HttpClient viaProxy, string runnerToken, Func<CancellationToken, Task<string>> rejoin, int maxBatch = 50)
{
    private string _token = runnerToken;
    private volatile bool _observing = true;
    private long _rejoins;
    private readonly Lock _gate = new();
    private readonly List<MetricSample> _outbox = [];
    private long _observed;
    private long _acked;
    private long _attempts;
    private long _failures;
    private long _duplicatesAcked;
    private int _maxDepth;

    /// <summary>Bounds one publish attempt end to end (request, response headers and body).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    public required string RunnerId { get; init; }

    /// <summary>The last failure of a publish attempt, for diagnosis.</summary>
    public string? LastError { get; private set; }

    public long Observed => Interlocked.Read(ref _observed);

    public long Acked => Interlocked.Read(ref _acked);

    public long Failures => Interlocked.Read(ref _failures);

    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Samples the hub acknowledged as already recorded: resends after a lost ack, deduplicated.</summary>
    public long DuplicatesAcked => Interlocked.Read(ref _duplicatesAcked);

    public int MaxDepth => _maxDepth;

    /// <summary>Times the hub refused the token (401/403) and the runner joined again with its rejoin secret.</summary>
    public long Rejoins => Interlocked.Read(ref _rejoins);

    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _outbox.Count;
            }
        }
    }

    /// <summary>The sensor side: a reading observed now gets the next seq.</summary>
    public void Observe(long observedAtUnixMs)
    {
        if (!_observing)
        {
            return;
        }

        lock (_gate)
        {
            var seq = ++_observed;
            _outbox.Add(new MetricSample { Seq = seq, ObservedAt = observedAtUnixMs, HeartRateBpm = 140 + (int)(seq % 30), CadenceSpm = 178, SpeedMps = 4.1 });
            _maxDepth = Math.Max(_maxDepth, _outbox.Count);
        }
    }

    /// <summary>The run is over: no more readings (what is in the outbox still goes out).</summary>
    public void StopObserving() => _observing = false;

    /// <summary>Publishes until <paramref name="ct"/> ends; retries forever with a short pause after a failure.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            MetricSample[] batch;
            lock (_gate)
            {
                batch = [.. _outbox.Take(maxBatch)];
            }

            if (batch.Length == 0)
            {
                await PauseAsync(TimeSpan.FromMilliseconds(20), ct);
                continue;
            }

            Interlocked.Increment(ref _attempts);
            try
            {
                // One deadline for the whole attempt: HttpClient.Timeout stops at the headers, and a stall or black
                // hole after them would hang the body read for as long as the connection stays open.
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
                attempt.CancelAfter(AttemptTimeout);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest") { Content = JsonContent.Create(new SampleBatch { Samples = batch }) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                using var response = await viaProxy.SendAsync(request, attempt.Token);
                if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
                {
                    // A restarted hub may not know this token's runner yet: join again, as the relay does.
                    Interlocked.Increment(ref _rejoins);
                    _token = await rejoin(attempt.Token);
                    continue;
                }

                response.EnsureSuccessStatusCode();
                var ack = (await response.Content.ReadFromJsonAsync<PublishAck>(attempt.Token))!;
                Interlocked.Add(ref _duplicatesAcked, ack.Duplicates);
                lock (_gate)
                {
                    _outbox.RemoveAll(s => s.Seq <= ack.UpTo);
                    _acked = Math.Max(_acked, ack.UpTo);
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Whatever failed this attempt (reset, refused, timeout, a body cut short by a fault, a 5xx while the
                // hub restarts), the batch stays in the outbox and goes again. Kept for the test's failure message.
                Interlocked.Increment(ref _failures);
                LastError = $"{ex.GetType().Name}: {ex.Message}";
                await PauseAsync(TimeSpan.FromMilliseconds(100), ct);
            }
        }
    }

    private static async Task PauseAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
