using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Web.Review.Charts;

/// <summary>
/// A series request a page started before its chart was drawn (with the session's first reads, not after them): the
/// chart takes its answer instead of asking again when it wants the same runners, metric and points, unzoomed.
/// </summary>
public sealed record SeriesPrefetch(IReadOnlyList<string> RunnerIds, string Metric, int Points, Task<RunnerSeries[]> Series)
{
    public bool Answers(IReadOnlyList<string> runnerIds, string metric, ChartRange range, int points) =>
        range is { From: null, To: null } && points == Points && string.Equals(metric, Metric, StringComparison.Ordinal)
        && runnerIds.SequenceEqual(RunnerIds, StringComparer.Ordinal);
}
