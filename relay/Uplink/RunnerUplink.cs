using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.RunnerKit.Speech;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>One runner's uplink: its hub connection, the outbox pump, cues in and cue statuses out.</summary>
internal sealed class RunnerUplink : IAsyncDisposable
{
    private readonly RunnerCredentials _credentials;
    private readonly HubLink _link;
    private readonly UplinkPump _pump;
    private readonly CueStatusSender _cueStatuses;

    public RunnerUplink(
        int runnerIndex, IOutbox outbox, RunnerCredentials credentials, ClockOffsetEstimator clock,
        Func<QueuedCue, bool> cueSink, UplinkOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        RunnerIndex = runnerIndex;
        _credentials = credentials;
        _link = new HubLink(runnerIndex, credentials, clock, options, time, loggerFactory);
        _pump = new UplinkPump(runnerIndex, outbox, _link, clock, options, time, loggerFactory.CreateLogger<UplinkPump>());
        _cueStatuses = new CueStatusSender(runnerIndex, _link, options, time, loggerFactory.CreateLogger<CueStatusSender>());
        CueReceiver.Attach(runnerIndex, _link, clock, cueSink);
    }

    public int RunnerIndex { get; }

    public UplinkStatus Status => _link.Status with { CueStatusesDropped = _cueStatuses.Dropped };

    /// <summary>Raised after each ack that moved the acknowledged seq (tests and the status line listen).</summary>
    public event EventHandler<PublishAck>? Acknowledged
    {
        add => _pump.Acknowledged += value;
        remove => _pump.Acknowledged -= value;
    }

    /// <summary>Queues a cue status for the hub; sent when connected, kept across reconnects.</summary>
    public void ReportCueStatus(CueStatusReport report) => _cueStatuses.Report(report);

    /// <summary>Runs until cancelled: the publish pump and the cue-status sender. Returns early if the hub refuses the join.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var statuses = _cueStatuses.RunAsync(stop.Token);
        try
        {
            await _pump.RunAsync(stop.Token);
            // The pump returns on its own only when the hub refused the join: nothing more can be sent.
            await stop.CancelAsync();
            await statuses;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _link.DisposeAsync();
        _credentials.Dispose();
    }
}
