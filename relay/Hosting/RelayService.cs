using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Speech;
using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>
/// <c>relay run</c>'s work: opens the source, gives every runner its outbox slot and uplink, writes readings to the
/// outbox as they come, speaks cues. A file source that ends stops the relay once the outbox is delivered.
/// </summary>
internal sealed partial class RelayService(
    RunOptions run, ReadingSourceProvider sources, IOutbox outbox, SpeechQueue speech, CueStatusRouter router,
    StatusBoard board, StatusReporter reporter, IJoinClient joinClient, UplinkTuning tuning, RelayExit exit,
    TimeProvider time, ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime) : BackgroundService
{
    private const int IngestBatch = 256;

    private readonly ILogger _logger = loggerFactory.CreateLogger<RelayService>();
    private long _badReadings;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadingSource source;
        try
        {
            source = sources(new SourceRequest(run.Source, run.Name, run.Runners, run.Speed));
        }
#pragma warning disable CA1031 // any failure to open the source (bad spec, missing file, no BlueZ) ends the run with its message
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Fail(ex.Message);
            return;
        }

        var uplinks = new List<RunnerUplink>();
        await using (source)
        {
            try
            {
                if (!await PrepareRunnersAsync(source, uplinks, stoppingToken))
                {
                    return;
                }

                source.SensorStatusChanged += OnSensor;
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var speaking = speech.RunAsync(stop.Token);
                var sending = uplinks.Select(u => u.RunAsync(stop.Token)).ToList();
                await IngestAsync(source, uplinks.Count, stoppingToken);
                board.SourceEnded = true;
                LogSourceEnded(_logger, run.Source);
                await WaitDeliveredAsync(uplinks, stoppingToken);
                lifetime.StopApplication();
                await stop.CancelAsync();
                await Task.WhenAll(sending);
                await IgnoreCancellation(speaking);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            finally
            {
                source.SensorStatusChanged -= OnSensor;
                foreach (var uplink in uplinks)
                {
                    await uplink.DisposeAsync();
                }
            }
        }
    }

    private async Task<bool> PrepareRunnersAsync(IReadingSource source, List<RunnerUplink> uplinks, CancellationToken cancellationToken)
    {
        var names = source.RunnerNames;
        if (names.Count == 0)
        {
            Fail($"--source {run.Source} feeds no runners.");
            return false;
        }

        for (var index = 0; index < names.Count; index++)
        {
            var name = names.Count == 1 && !string.IsNullOrWhiteSpace(run.Name) ? run.Name : names[index];
            var identity = await outbox.EnsureRunnerAsync(index, name, cancellationToken);
            if (identity.JoinCode is not null && (identity.JoinCode != run.JoinCode || identity.HubUrl != run.Hub.ToString()))
            {
                // The data folder belongs to another session. Its unsent samples must not be lost or sent to the wrong one.
                try
                {
                    await outbox.ResetRunnerAsync(index, cancellationToken);
                    identity = (await outbox.GetIdentityAsync(index, cancellationToken))!;
                }
                catch (OutboxNotEmptyException ex)
                {
                    Fail($"{run.DataDirectory} holds {ex.Pending} unsent samples of runner {index} for session code "
                        + $"{identity.JoinCode} at {identity.HubUrl}: run with --join {identity.JoinCode} --hub {identity.HubUrl} "
                        + "to deliver them, or use another --data folder.");
                    return false;
                }
            }

            if (identity.Name != name)
            {
                await outbox.SaveIdentityAsync(identity with { Name = name }, cancellationToken);
            }

            var options = tuning.Tune(new UplinkOptions { HubUrl = run.Hub, JoinCode = run.JoinCode });
            var clock = new ClockOffsetEstimator(options.ClockSmoothing);
            var credentials = new RunnerCredentials(
                index, outbox, joinClient, options, clock, time, loggerFactory.CreateLogger<RunnerCredentials>());
            var uplink = new RunnerUplink(index, outbox, credentials, clock, speech.Enqueue, options, time, loggerFactory);
            router.Register(uplink);
            board.AddRunner(name, uplink);
            uplinks.Add(uplink);
        }

        return true;
    }

    private async Task IngestAsync(IReadingSource source, int runners, CancellationToken cancellationToken)
    {
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

        var batch = new List<SourceReading>(IngestBatch);
        while (await channel.Reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            while (batch.Count < IngestBatch && channel.Reader.TryRead(out var reading))
            {
                if (reading.RunnerIndex < 0 || reading.RunnerIndex >= runners || reading.Sample is null)
                {
                    LogBadReading(_logger, reading.RunnerIndex, Interlocked.Increment(ref _badReadings));
                    continue;
                }

                batch.Add(reading);
            }

            await AppendWithRetryAsync(batch, cancellationToken);
        }

        await produce;
    }

    private async Task AppendWithRetryAsync(List<SourceReading> batch, CancellationToken cancellationToken)
    {
        while (batch.Count > 0)
        {
            try
            {
                await outbox.AppendAsync(batch, cancellationToken);
                return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                // Disk full or locked: keep the readings in hand and try again; the source waits behind the channel.
                LogAppendFailed(_logger, ex, batch.Count);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    private async Task WaitDeliveredAsync(List<RunnerUplink> uplinks, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200), time);
        while (uplinks.Any(u => outbox.GetStats(u.RunnerIndex).Pending > 0 && u.Status.Connection != "rejected"))
        {
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    private void OnSensor(object? sender, SensorStatusChanged change)
    {
        board.OnSensor(change);
        reporter.OnSensor(change);
    }

    private void Fail(string message)
    {
        LogFailed(_logger, message);
        exit.Error = message;
        exit.Code = 2;
        lifetime.StopApplication();
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(400, LogLevel.Error, "relay run: {Message}", EventName = "RunFailed")]
    private static partial void LogFailed(ILogger logger, string message);

    [LoggerMessage(401, LogLevel.Information, "Source {Source} ended; stopping once the outbox is delivered", EventName = "SourceEnded")]
    private static partial void LogSourceEnded(ILogger logger, string source);

    [LoggerMessage(402, LogLevel.Warning, "Dropped a reading for unknown runner {RunnerIndex} ({Total} bad readings so far)", EventName = "BadReading")]
    private static partial void LogBadReading(ILogger logger, int runnerIndex, long total);

    [LoggerMessage(403, LogLevel.Error, "Could not write {Count} readings to the outbox; retrying", EventName = "AppendFailed")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, int count);
}

/// <summary>The exit code and message of <c>relay run</c> (0 unless a start-up check failed).</summary>
internal sealed class RelayExit
{
    public int Code { get; set; }

    public string? Error { get; set; }
}

/// <summary>Adjusts each runner's uplink options (tests shrink delays; the CLI takes the defaults).</summary>
internal sealed class UplinkTuning(Func<UplinkOptions, UplinkOptions>? tune = null)
{
    public UplinkOptions Tune(UplinkOptions options) => tune?.Invoke(options) ?? options;
}
