using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>Sends one runner's cue statuses to the hub in order, holding them across reconnects.</summary>
internal sealed partial class CueStatusSender
{
    private const int Capacity = 1024;

    private readonly int _index;
    private readonly HubLink _link;
    private readonly UplinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<CueStatusReport> _statuses;
    private long _dropped;

    public CueStatusSender(int runnerIndex, HubLink link, UplinkOptions options, TimeProvider time, ILogger logger)
    {
        _index = runnerIndex;
        _link = link;
        _options = options;
        _time = time;
        _logger = logger;

        // DropOldest: a relay offline for hours keeps the newest statuses (the coach cares what happened last); every drop
        // is counted and shown.
        _statuses = Channel.CreateBounded<CueStatusReport>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Report(CueStatusReport report) => _statuses.Writer.TryWrite(report);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _statuses.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryPeek(out var report))
            {
                if (!_link.IsConnected)
                {
                    await _link.WaitForStateChangeAsync(cancellationToken);
                    continue;
                }

                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(_options.PublishTimeout);
                    await _link.ReportCueStatusAsync(report, timeout.Token);
                    reader.TryRead(out _);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogDeferred(_logger, _index, report.CueId, ex.Message);
                    await Task.Delay(_options.RestartDelay, _time, cancellationToken);
                }
            }
        }
    }

    [LoggerMessage(213, LogLevel.Debug, "Runner {RunnerIndex}: cue status for {CueId} not sent yet ({Message})", EventName = "CueStatusDeferred")]
    private static partial void LogDeferred(ILogger logger, int runnerIndex, string cueId, string message);
}
