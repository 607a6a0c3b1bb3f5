using MindMuscle.Live.Bench.Load.Report;

namespace MindMuscle.Live.Bench.Load.Scenarios;

/// <summary>
/// Steps the runner count up until a run does not hold (p99 over the limit, loss, errors, ingest behind). In the real
/// shape (<c>runnersPerSession</c> given) each step keeps the runners and coaches per session and adds sessions.
/// </summary>
internal static class BreakingPoint
{
    public static async Task<BreakingPointResult> FindAsync(
        LoadConfig template, IReadOnlyList<int> steps, int? runnersPerSession, double p99LimitMs, HubSetup setup,
        Func<string, RunProgress> track, CancellationToken cancellationToken)
    {
        var runs = new List<RunResult>();
        var held = 0;
        foreach (var step in steps)
        {
            var config = runnersPerSession is { } perSession
                ? template with { Sessions = Math.Max(1, (int)Math.Round(step / (double)perSession)), Runners = Math.Max(1, (int)Math.Round(step / (double)perSession)) * perSession }
                : template with { Runners = step };
            var runners = config.Runners;
            var run = await LoadRun.RunAsync(config, setup, track("breaking point " + config.Label), cancellationToken);
            runs.Add(run);
            var violations = WhyBroke(run, p99LimitMs);
            if (violations.Count > 0)
            {
                return new BreakingPointResult
                {
                    Hub = run.Hub, Protocol = run.Protocol, HeldRunners = held, BrokeAtRunners = runners,
                    BrokeBecause = violations, Steps = runs,
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
