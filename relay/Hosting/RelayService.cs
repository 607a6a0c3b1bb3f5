using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Uplink;
using MindMuscle.Live.RunnerKit.Speech;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>
/// <c>relay run</c>'s work: opens the source, gives every runner its outbox slot and uplink, writes readings to the
/// outbox as they come, speaks cues. A file source that ends stops the relay once the outbox is delivered; a first join
/// the hub refuses for its join code ends the run.
/// </summary>
internal sealed partial class RelayService(
    RunOptions run, ReadingSourceProvider sources, RunnerSlots slots, OutboxIngest ingest, SpeechQueue speech,
    StatusBoard board, RelayExit exit, IHostApplicationLifetime lifetime, ILogger<RelayService> logger) : BackgroundService
{
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
            exit.Fail(ex.Message);
            return;
        }

        IReadOnlyList<RunnerUplink> uplinks = [];
        await using (source)
        {
            try
            {
                uplinks = await slots.OpenAsync(source, stoppingToken) ?? [];
                if (uplinks.Count == 0)
                {
                    return;
                }

                source.SensorStatusChanged += OnSensor;
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var speaking = speech.RunAsync(stop.Token);
                var sending = uplinks.Select(u => RunUplinkAsync(u, stop.Token)).ToList();
                await ingest.RunAsync(source, uplinks.Count, stoppingToken);
                board.SourceEnded = true;
                LogSourceEnded(logger, run.Source);
                await ingest.WaitDeliveredAsync(uplinks, stoppingToken);
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

    /// <summary>
    /// Runs one runner's uplink. A first join refused for the join code ends the whole run (every runner shares the code);
    /// a refused rejoin concerns only that runner, whose uplink stops while its samples stay in the outbox.
    /// </summary>
    private async Task RunUplinkAsync(RunnerUplink uplink, CancellationToken cancellationToken)
    {
        await uplink.RunAsync(cancellationToken);
        if (!cancellationToken.IsCancellationRequested
            && uplink.Status.Rejection is { Status: HttpStatusCode.NotFound, Rejoin: false } rejection)
        {
            // The hub answers 404 alike for a code it never issued and for a session that has ended.
            exit.Fail($"the hub at {run.Hub} has no running session with join code {run.JoinCode}: the code is wrong or its "
                + $"session has ended (the hub says: {rejection.Detail}). Check the code with your coach and start again with "
                + $"--join CODE; the readings taken so far stay in {run.DataDirectory}.");
        }
    }

    private void OnSensor(object? sender, SensorStatusChanged change) => board.OnSensor(change);

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

    [LoggerMessage(401, LogLevel.Information, "Source {Source} ended; stopping once the outbox is delivered", EventName = "SourceEnded")]
    private static partial void LogSourceEnded(ILogger logger, string source);
}
