using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Bench.Load.Clients;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Bench.Load.Measure;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.Load.Scenarios;

internal sealed record ReplayConfig
{
    public int Runners { get; init; } = 60;

    public double Minutes { get; init; } = 60;

    public double Hz { get; init; } = 4;

    public int Batch { get; init; } = 50;

    public WireProtocol Protocol { get; init; } = WireProtocol.MessagePack;

    /// <summary>How long the replay may stream before the bench stops reading it (the first event is what is judged).</summary>
    public TimeSpan ReplayDrainCap { get; init; } = TimeSpan.FromMinutes(10);

    public long SamplesPerRunner => (long)Math.Round(Minutes * 60 * Hz);

    public long TotalSamples => SamplesPerRunner * Runners;
}

internal sealed record ReplayResult
{
    public required ReplayConfig Config { get; init; }

    public long Recorded { get; init; }

    public double WriteSeconds { get; init; }

    /// <summary>Samples/s the hub acknowledged (durably recorded) while written as fast as it takes them.</summary>
    public double RecordSamplesPerSecond { get; init; }

    /// <summary>What the live session needs: runners x Hz.</summary>
    public double NeededSamplesPerSecond => Config.Runners * Config.Hz;

    public bool RecordingKeptUp => RecordSamplesPerSecond >= NeededSamplesPerSecond;

    public double? ReplayFirstEventMs { get; init; }

    public long ReplayEvents { get; init; }

    /// <summary>False when the replay was still streaming at <see cref="ReplayConfig.ReplayDrainCap"/>.</summary>
    public bool ReplayDrained { get; init; }

    public double? ReplayEventsPerSecond { get; init; }

    public long CsvRows { get; init; }

    public double CsvRowsPerSecond { get; init; }

    public double CsvFirstByteMs { get; init; }

    public long LostInRecording { get; init; }

    public long DuplicatesInRecording { get; init; }

    public double HubPeakRssMb { get; init; }

    public string? Error { get; init; }
}

/// <summary>
/// A long session written through the product path as fast as the hub takes it, then Replay(sessionId, 0, 0) time to
/// first event and drain rate, then export.csv rows/s (streamed, every runner's seqs checked to be exactly 1..N).
/// </summary>
internal static class ReplayBench
{
    public static async Task<ReplayResult> RunAsync(ReplayConfig config, HubSetup setup, RunProgress progress, CancellationToken cancellationToken)
    {
        progress("starting hub", 0);
        await using var hub = await HubProcess.StartAsync(HubKind.Product, setup.ProductHubDll, setup.ProductHubArgs, bareRecord: false, cancellationToken);
        using var endpoint = new HubEndpoint(HubKind.Product, hub.BaseUri, hub.CoachKey);
        var connections = new List<HubConnection>();
        try
        {
            await endpoint.CreateSessionAsync("bench replay", cancellationToken);
            var runners = new RunnerIdentity[config.Runners];
            for (var i = 0; i < config.Runners; i++)
            {
                runners[i] = await endpoint.JoinAsync(i, cancellationToken);
                var connection = endpoint.RunnerConnection(runners[i], config.Protocol);
                connections.Add(connection);
                await connection.StartAsync(cancellationToken);
            }

            // The session happened over the last `Minutes`: observedAt runs from then to now, 1/Hz apart.
            var startMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - (long)(config.Minutes * 60_000);
            var stepMs = 1000 / config.Hz;
            long recorded = 0;
            var write = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, config.Runners).Select(async i =>
            {
                for (long seq = 1; seq <= config.SamplesPerRunner; seq += config.Batch)
                {
                    var last = Math.Min(config.SamplesPerRunner, seq + config.Batch - 1);
                    var samples = new MetricSample[last - seq + 1];
                    for (var s = seq; s <= last; s++)
                    {
                        samples[s - seq] = new MetricSample
                        {
                            Seq = s,
                            ObservedAt = startMs + (long)(s * stepMs),
                            HeartRateBpm = 150 + (int)(s % 7),
                            CadenceSpm = 178,
                            SpeedMps = 4.2,
                            StrideLengthM = 1.41,
                            DistanceM = s * 1.05,
                            PowerW = 290,
                            GroundContactMs = 235,
                            VerticalOscillationCm = 8.1,
                            GctBalanceLeftPct = 50.2,
                        };
                    }

                    var ack = await connections[i].InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples }, cancellationToken);
                    var total = Interlocked.Add(ref recorded, ack.Accepted);
                    if (i == 0)
                    {
                        progress("writing session", total / (double)config.TotalSamples);
                    }
                }
            }));
            write.Stop();

            progress("replaying", 0);
            var coach = endpoint.CoachConnection(WireProtocol.Json);
            connections.Add(coach);
            await coach.StartAsync(cancellationToken);
            var replay = Stopwatch.StartNew();
            double? firstMs = null;
            long events = 0;
            var drained = true;
            using (var replayTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // The first event is the target; draining all of it is informative, so it is capped, not required.
                replayTimeout.CancelAfter(config.ReplayDrainCap);
                try
                {
                    await foreach (var _ in coach.StreamAsync<object>(LiveHubContract.Replay, endpoint.SessionId, 0.0, 0L, replayTimeout.Token))
                    {
                        firstMs ??= replay.Elapsed.TotalMilliseconds;
                        if (++events % 10_000 == 0)
                        {
                            progress("replaying", events / (double)config.TotalSamples);
                        }
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    drained = false;
                }
            }

            var replaySeconds = replay.Elapsed.TotalSeconds;

            progress("exporting csv", 0);
            // Timed from the request, so the hub's time to first byte counts against its rows/s.
            var export = Stopwatch.StartNew();
            using var response = await endpoint.ExportCsvAsync(cancellationToken);
            var headers = export.Elapsed;
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var scan = await CsvRecordingScan.ScanAsync(body, config.SamplesPerRunner + 16, cancellationToken);
            var exportSeconds = export.Elapsed.TotalSeconds;
            long lost = 0, duplicates = 0;
            foreach (var runner in runners)
            {
                if (scan.SeqsByRunner.TryGetValue(runner.RunnerId, out var seqs))
                {
                    lost += seqs.MissingUpTo(config.SamplesPerRunner);
                    duplicates += seqs.Duplicates + seqs.OutOfRange;
                }
                else
                {
                    lost += config.SamplesPerRunner;
                }
            }

            return new ReplayResult
            {
                Config = config,
                Recorded = recorded,
                WriteSeconds = Math.Round(write.Elapsed.TotalSeconds, 2),
                RecordSamplesPerSecond = Math.Round(recorded / write.Elapsed.TotalSeconds, 0),
                ReplayFirstEventMs = firstMs is null ? null : Math.Round(firstMs.Value, 1),
                ReplayEvents = events,
                ReplayEventsPerSecond = events > 0 ? Math.Round(events / replaySeconds, 0) : null,
                ReplayDrained = drained,
                CsvRows = scan.Rows,
                CsvRowsPerSecond = Math.Round(scan.Rows / exportSeconds, 0),
                CsvFirstByteMs = Math.Round((headers + scan.FirstByte).TotalMilliseconds, 1),
                LostInRecording = lost,
                DuplicatesInRecording = duplicates,
                HubPeakRssMb = Math.Round(hub.PeakRssBytes() / 1048576.0, 1),
                Error = scan.Problem,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            hub.KeepFolder();
            return new ReplayResult { Config = config, Error = $"{e.GetType().Name}: {e.Message} (hub log: {hub.LogPath})" };
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
