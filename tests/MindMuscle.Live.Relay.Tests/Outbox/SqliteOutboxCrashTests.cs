using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.TestKit.Hosting;

namespace MindMuscle.Live.Relay.Tests.Outbox;

/// <summary>A real relay process writing to the outbox is SIGKILLed mid-write; the reopened outbox lost nothing.</summary>
public sealed class SqliteOutboxCrashTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Open_AfterWriterKilledTwice_NoLossNoDuplicateSeqsContiguous()
    {
        var committed = new long[2];

        for (var round = 0; round < 2; round++)
        {
            var lastSeen = await RunWriterUntilKilledAsync(minimumCommitsPerRunner: 300 * (round + 1));
            committed[0] = Math.Max(committed[0], lastSeen[0]);
            committed[1] = Math.Max(committed[1], lastSeen[1]);
        }

        using var sut = SqliteOutbox.Open(_dir.Path, new OutboxOptions(), NullLogger.Instance);
        for (var runner = 0; runner < 2; runner++)
        {
            var samples = await sut.ReadPendingAsync(runner, 0, int.MaxValue, TestContext.Current.CancellationToken);
            var seqs = samples.Select(s => s.Seq).ToList();
            Assert.True(seqs.Count >= committed[runner], $"runner {runner}: {seqs.Count} stored < {committed[runner]} reported committed");
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
            Assert.All(samples, s => Assert.Equal(s.Seq, (long)s.DistanceM!.Value));
            Assert.Equal(seqs.Count, sut.GetStats(runner).LastSeq);
        }
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Starts the writer, waits until it reported enough commits, SIGKILLs it; returns the last reported seq per runner.</summary>
    private async Task<long[]> RunWriterUntilKilledAsync(int minimumCommitsPerRunner)
    {
        var relay = BuildOutput.RelayDll;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { relay, "outbox-writer", "--data", _dir.Path, "--runners", "2", "--batch", "7" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var last = new long[2];
        try
        {
            using var cts = new CancellationTokenSource(StepTimeout);
            while (last.Min() < minimumCommitsPerRunner)
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token)
                    ?? throw new InvalidOperationException("writer exited: " + await process.StandardError.ReadToEndAsync(cts.Token));
                var parts = line.Split(' ');
                if (parts is ["committed", var runner, var seq])
                {
                    last[int.Parse(runner)] = long.Parse(seq);
                }
            }
        }
        finally
        {
            // Process.Kill sends SIGKILL on Unix: no finally blocks, no flush, no dispose in the writer.
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(StepTimeout);
        }

        Assert.Equal(137, process.ExitCode);
        return last;
    }
}
