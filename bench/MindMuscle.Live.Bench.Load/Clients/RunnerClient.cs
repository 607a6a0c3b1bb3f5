using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.Load.Clients;

/// <summary>
/// A simulated relay: one sample per tick, up to <c>maxInFlight</c> Publish calls in flight (like the relay's outbox
/// pump and its <c>MaxInFlight</c> window); samples that pile up while the window is full go out together in the next
/// batch. Batches are taken and their invocations started under one lock, so they go on the wire in seq order.
/// Answers every cue at once with <c>delivered</c>.
/// </summary>
internal sealed class RunnerClient
{
    private readonly Lock _gate = new();
    private readonly List<MetricSample> _pending = [];
    private readonly RunStats _stats;
    private readonly SampleClock _clock;
    private readonly int _maxBatch;
    private readonly int _maxInFlight;
    private int _inFlight;
    private long _seq;
    private long _ackedUpTo;

    public RunnerClient(RunnerIdentity identity, HubConnection connection, long capacity, int maxBatch, int maxInFlight, RunStats stats, SampleClock clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        Identity = identity;
        Connection = connection;
        SendTicks = new long[capacity + 1];
        _maxBatch = maxBatch;
        _maxInFlight = maxInFlight;
        _stats = stats;
        _clock = clock;
        connection.On<CueMessage>(LiveHubContract.Cue, OnCueAsync);
        connection.Closed += e =>
        {
            if (!Stopping)
            {
                _stats.ConnectionClosed(e);
            }

            return Task.CompletedTask;
        };
    }

    public RunnerIdentity Identity { get; }

    public HubConnection Connection { get; }

    /// <summary>Stopwatch ticks at which each seq was observed (index = seq).</summary>
    public long[] SendTicks { get; }

    public bool Stopping { get; set; }

    public long Published
    {
        get
        {
            lock (_gate)
            {
                return _seq;
            }
        }
    }

    public long AckedUpTo
    {
        get
        {
            lock (_gate)
            {
                return _ackedUpTo;
            }
        }
    }

    /// <summary>True when every published sample has been acknowledged (or its publish failed).</summary>
    public bool Idle
    {
        get
        {
            lock (_gate)
            {
                return _inFlight == 0 && _pending.Count == 0;
            }
        }
    }

    /// <summary>Observe one new sample now and publish it (or queue it behind the publishes in flight).</summary>
    public void Tick(long ticks)
    {
        lock (_gate)
        {
            if (_seq + 1 >= SendTicks.Length)
            {
                return;
            }

            var seq = ++_seq;
            SendTicks[seq] = ticks;
            _pending.Add(NewSample(seq, _clock.UnixMs(ticks)));
            StartPublishesLocked();
        }
    }

    /// <summary>Fills the in-flight window from the pending samples; called under <see cref="_gate"/>.</summary>
    private void StartPublishesLocked()
    {
        while (_inFlight < _maxInFlight && _pending.Count > 0)
        {
            var count = Math.Min(_pending.Count, _maxBatch);
            var batch = _pending.GetRange(0, count).ToArray();
            _pending.RemoveRange(0, count);
            _inFlight++;

            // Started here, in seq order: the client writes invocations in the order they were started.
            var started = SampleClock.Now;
            var invocation = Connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = batch });
            _ = CompleteAsync(invocation, started);
        }
    }

    private async Task CompleteAsync(Task<PublishAck> invocation, long started)
    {
        try
        {
            var ack = await invocation.ConfigureAwait(false);
            var now = SampleClock.Now;
            if (_stats.InWindow(started))
            {
                _stats.AckLatency.RecordTicks(now - started);
            }

            _stats.Accepted(now, ack.Accepted);
            lock (_gate)
            {
                _ackedUpTo = Math.Max(_ackedUpTo, ack.UpTo);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _stats.PublishError(e);
        }

        lock (_gate)
        {
            _inFlight--;
            StartPublishesLocked();
        }
    }

    private async Task OnCueAsync(CueMessage cue)
    {
        try
        {
            await Connection.SendAsync(
                LiveHubContract.ReportCueStatus,
                new CueStatusReport { CueId = cue.CueId, Status = CueStatus.Delivered });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _stats.CueError(e);
        }
    }

    private static MetricSample NewSample(long seq, long observedAt)
    {
        // Plausible running values with a little movement so the alert engine sees a steady runner, not a constant.
        var wobble = (seq % 8) - 4;
        return new MetricSample
        {
            Seq = seq,
            ObservedAt = observedAt,
            HeartRateBpm = 150 + (int)(wobble / 2),
            CadenceSpm = 178 + (wobble * 0.5),
            SpeedMps = 4.2 + (wobble * 0.01),
            StrideLengthM = 1.41,
            DistanceM = seq * 1.05,
            PowerW = 290 + (int)wobble,
            GroundContactMs = 235 + wobble,
            VerticalOscillationCm = 8.1,
            GctBalanceLeftPct = 50.2,
            SensorContact = true,
        };
    }
}
