using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using static MindMuscle.Live.Faults.Tests.Abuse.AbuseClient;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>
/// The healthy clients beside the abuse: a runner publishing one sample at 10 Hz over SignalR (its ack latency kept
/// per phase, calm or abuse) and a coach watching the session (the arrival time of every frame kept).
/// </summary>
internal sealed class HealthyTraffic
{
    private readonly Lock _gate = new();
    private readonly List<double> _baselineAcks = [];
    private readonly List<double> _abuseAcks = [];
    private readonly ConcurrentQueue<long> _frameTimes = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop;
    private List<double> _currentAcks;
    private long _seq;
    private Task _loop = Task.CompletedTask;

    private HealthyTraffic(CancellationToken ct)
    {
        _currentAcks = _baselineAcks;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    }

    /// <summary>The last seq the healthy runner had acked.</summary>
    public long Seq => Interlocked.Read(ref _seq);

    /// <summary>Milliseconds since the traffic started, the clock of <see cref="FrameTimes"/>.</summary>
    public long ElapsedMs => _clock.ElapsedMilliseconds;

    public long[] FrameTimes => [.. _frameTimes];

    public List<double> BaselineAcks
    {
        get
        {
            lock (_gate)
            {
                return [.. _baselineAcks];
            }
        }
    }

    public List<double> AbuseAcks
    {
        get
        {
            lock (_gate)
            {
                return [.. _abuseAcks];
            }
        }
    }

    public static async Task<HealthyTraffic> StartAsync(HubTestHost hub, CreateSessionResponse session, string runnerToken, CancellationToken ct)
    {
        var traffic = new HealthyTraffic(ct);
        var coach = hub.CreateConnection(session.CoachToken);
        coach.On<SamplesFrame>(LiveHubContract.Samples, _ => traffic._frameTimes.Enqueue(traffic._clock.ElapsedMilliseconds));
        await coach.StartAsync(ct).WaitAsync(Step, ct);
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, ct).WaitAsync(Step, ct);
        var runner = hub.CreateConnection(runnerToken);
        await runner.StartAsync(ct).WaitAsync(Step, ct);
        traffic._loop = Task.Run(() => traffic.PublishAsync(runner, ct), ct);
        return traffic;
    }

    /// <summary>From now on, ack latencies count as under abuse.</summary>
    public void AbuseStarts()
    {
        lock (_gate)
        {
            _currentAcks = _abuseAcks;
        }
    }

    /// <summary>Stops the runner after its current publish (a failed publish fails the test here).</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(Step, ct);
        _stop.Dispose();
    }

    private async Task PublishAsync(HubConnection runner, CancellationToken ct)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await NextTickAsync(tick, _stop.Token))
        {
            var seq = Seq + 1;
            var started = Stopwatch.GetTimestamp();
            var ack = await runner.InvokeAsync<PublishAck>(
                LiveHubContract.Publish, new SampleBatch { Samples = [Sample(seq)] }, ct).WaitAsync(Step, ct);
            lock (_gate)
            {
                _currentAcks.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            Assert.Equal(seq, ack.UpTo);
            Interlocked.Exchange(ref _seq, seq);
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
