using MindMuscle.Live.Bench.Load.Report;

namespace MindMuscle.Live.Bench.Load.Scenarios;

/// <summary>
/// Steps the runner count up until a run does not hold (p99 over the limit, loss, errors, ingest behind). In the real
/// shape (<c>runnersPerSession</c> given) each step keeps the runners and coaches per session and adds sessions.
/// </summary>
internal static class BreakingPoint
{
    public static Task<BreakingPointResult> FindAsync(
        LoadConfig template, IReadOnlyList<int> steps, int? runnersPerSession, double p99LimitMs, HubSetup setup,
        Func<string, RunProgress> track, CancellationToken cancellationToken) =>
        FindAsync(template, steps, runnersPerSession, p99LimitMs,
            (config, attempt, token) => LoadRun.RunAsync(config, setup, track("breaking point " + config.Label + attempt), token),
            cancellationToken);

    /// <summary>
    /// The steps with <paramref name="run"/> doing each run (its second argument names a rerun for the progress bar).
    /// A step that breaks while the generator fell behind is run once more, since the break may be the generator's; the
    /// rerun's result is the step's, and a second break with the generator behind is marked as such.
    /// </summary>
    internal static async Task<BreakingPointResult> FindAsync(
        LoadConfig template, IReadOnlyList<int> steps, int? runnersPerSession, double p99LimitMs,
        Func<LoadConfig, string, CancellationToken, Task<RunResult>> run, CancellationToken cancellationToken)
    {
        var runs = new List<RunResult>();
        var held = 0;
        foreach (var step in steps)
        {
            var config = runnersPerSession is { } perSession
                ? template with { Sessions = Math.Max(1, (int)Math.Round(step / (double)perSession)), Runners = Math.Max(1, (int)Math.Round(step / (double)perSession)) * perSession }
                : template with { Runners = step };
            var runners = config.Runners;
            var result = await run(config, "", cancellationToken);
            runs.Add(result);
            var violations = WhyBroke(result, p99LimitMs);
            if (violations.Count > 0 && result.GeneratorBehind)
            {
                result = await run(config, " (rerun: generator was behind)", cancellationToken);
                runs.Add(result);
                violations = WhyBroke(result, p99LimitMs);
            }

            if (violations.Count > 0)
            {
                return new BreakingPointResult
                {
                    Hub = result.Hub, Protocol = result.Protocol, HeldRunners = held, BrokeAtRunners = runners,
                    BrokeBecause = violations, BrokeWithGeneratorBehind = result.GeneratorBehind, Steps = runs,
                };
            }

            held = runners;
        }

        var probe = new RunResult { Config = template, Latency = new(0, null, null, null, null), AckLatency = new(0, null, null, null, null) };
        return new BreakingPointResult { Hub = probe.Hub, Protocol = probe.Protocol, HeldRunners = held, Steps = runs };
    }

    /// <summary>
    /// Why a step does not hold (empty when it holds); a step whose generator fell behind also says so, since then the
    /// break may be the generator's and the step is to be repeated before it is taken for the hub's breaking point.
    /// </summary>
    internal static IReadOnlyList<string> WhyBroke(RunResult run, double p99LimitMs)
    {
        var violations = run.Violations(p99LimitMs);
        return violations.Count > 0 && run.GeneratorNote is { } note ? [.. violations, note] : violations;
    }
}
