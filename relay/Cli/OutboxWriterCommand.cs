using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Cli;

/// <summary>
/// Hidden diagnostic: <c>relay outbox-writer --data DIR [--runners N]</c> appends readings to the outbox as fast as it can
/// and prints <c>committed RUNNER SEQ</c> after every commit. The outbox crash test SIGKILLs it mid-write. Each sample's
/// <c>DistanceM</c> equals the seq it is expected to get, so a reopened outbox can prove rows and seqs still match.
/// </summary>
internal static class OutboxWriterCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Required = true, Description = "Data folder." };
        var runners = new Option<int>("--runners") { DefaultValueFactory = _ => 1, Description = "Runner slots to write." };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 10, Description = "Readings per runner per commit." };
        var command = new Command("outbox-writer", "Diagnostic: write readings to the outbox until killed.") { data, runners, batch };
        command.Hidden = true;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var outbox = SqliteOutbox.Open(parseResult.GetValue(data)!, new OutboxOptions(), NullLogger.Instance);
            var count = parseResult.GetValue(runners);
            var perCommit = parseResult.GetValue(batch);
            var next = new long[count];
            for (var i = 0; i < count; i++)
            {
                outbox.EnsureRunner(i, $"writer-{i}");
                next[i] = outbox.GetStats(i).LastSeq + 1;
            }

            var readings = new List<SourceReading>(count * perCommit);
            while (!cancellationToken.IsCancellationRequested)
            {
                readings.Clear();
                for (var i = 0; i < count; i++)
                {
                    for (var k = 0; k < perCommit; k++)
                    {
                        var expected = next[i] + k;
                        readings.Add(new SourceReading(i, new MetricSample { ObservedAt = 1_700_000_000_000 + expected, DistanceM = expected, HeartRateBpm = 150 }));
                    }
                }

                var result = outbox.Append(readings);
                foreach (var group in result.Accepted.GroupBy(a => a.RunnerIndex))
                {
                    next[group.Key] = group.Max(a => a.Seq) + 1;
                    Console.Out.WriteLine($"committed {group.Key} {next[group.Key] - 1}");
                }

                await Console.Out.FlushAsync(cancellationToken);
            }

            return 0;
        });
        return command;
    }
}
