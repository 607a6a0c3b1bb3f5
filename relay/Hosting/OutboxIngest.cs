using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>Writes the source's readings to the outbox in batches, and waits for the outbox to drain at the end.</summary>
internal sealed partial class OutboxIngest(IOutbox outbox, TimeProvider time, ILogger<OutboxIngest> logger)
{
    private const int Batch = 256;

    private long _badReadings;

    public async Task RunAsync(IReadingSource source, int runners, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);

        // Wait: a stalled disk pushes back on the source rather than dropping readings; 4096 readings is over 15 s of 60
        // runners at 4 Hz, and the sources buffer behind it.
        var channel = Channel.CreateBounded<SourceReading>(
            new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });
        var produce = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var reading in source.ReadAsync(cancellationToken))
                    {
                        await channel.Writer.WriteAsync(reading, cancellationToken);
                    }

                    channel.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                }
            },
            cancellationToken);

        var batch = new List<SourceReading>(Batch);
        while (await channel.Reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            while (batch.Count < Batch && channel.Reader.TryRead(out var reading))
            {
                if (reading.RunnerIndex < 0 || reading.RunnerIndex >= runners || reading.Sample is null)
                {
                    LogBadReading(logger, reading.RunnerIndex, Interlocked.Increment(ref _badReadings));
                    continue;
                }

                batch.Add(reading);
            }

            await AppendWithRetryAsync(batch, cancellationToken);
        }

        await produce;
    }

    /// <summary>Completes when every runner's outbox is empty, except runners whose join the hub refused.</summary>
    public async Task WaitDeliveredAsync(IReadOnlyList<RunnerUplink> uplinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uplinks);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200), time);
        while (uplinks.Any(u => outbox.GetStats(u.RunnerIndex).Pending > 0 && u.Status.State != UplinkState.Rejected))
        {
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    private async Task AppendWithRetryAsync(List<SourceReading> batch, CancellationToken cancellationToken)
    {
        while (batch.Count > 0)
        {
            try
            {
                outbox.Append(batch);
                return;
            }
            catch (OutboxException ex)
            {
                // Disk full or locked: keep the readings in hand and try again; the source waits behind the channel.
                LogAppendFailed(logger, ex, batch.Count);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    [LoggerMessage(402, LogLevel.Warning, "Dropped a reading for unknown runner {RunnerIndex} ({Total} bad readings so far)", EventName = "BadReading")]
    private static partial void LogBadReading(ILogger logger, int runnerIndex, long total);

    [LoggerMessage(403, LogLevel.Error, "Could not write {Count} readings to the outbox; retrying", EventName = "AppendFailed")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, int count);
}
