using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Web.Review.Compare;

/// <summary>
/// Reps of several runners side by side: one row per rep number (rep 3 of every runner in one row, whoever ran more or
/// fewer), one cell per runner, and the runner with the fastest pace of each rep.
/// </summary>
public sealed record RepComparison(IReadOnlyList<string> RunnerIds, IReadOnlyList<RepRow> Rows)
{
    /// <summary>Aligns <paramref name="reps"/> of <paramref name="runnerIds"/> (in that order) by rep number.</summary>
    public static RepComparison Build(IReadOnlyList<RunnerReps> reps, IReadOnlyList<string> runnerIds)
    {
        ArgumentNullException.ThrowIfNull(reps);
        ArgumentNullException.ThrowIfNull(runnerIds);
        var byRunner = runnerIds.ToDictionary(
            id => id,
            id => reps.FirstOrDefault(r => string.Equals(r.RunnerId, id, StringComparison.Ordinal))?.Reps
                .GroupBy(r => r.Number).ToDictionary(g => g.Key, g => g.Last()) ?? [],
            StringComparer.Ordinal);
        var numbers = byRunner.Values.SelectMany(r => r.Keys).Distinct().Order();
        var rows = numbers.Select(number =>
        {
            var cells = runnerIds.Select(id => byRunner[id].GetValueOrDefault(number)).ToArray();
            var best = cells
                .Select((rep, i) => (Rep: rep, RunnerId: runnerIds[i]))
                .Where(c => c.Rep?.PaceSecPerKm is > 0)
                .OrderBy(c => c.Rep!.PaceSecPerKm)
                .Select(c => c.RunnerId)
                .FirstOrDefault();
            return new RepRow(number, cells, best);
        });
        return new RepComparison(runnerIds, [.. rows]);
    }
}

/// <summary>Rep <see cref="Number"/> of every runner (null: that runner has no such rep) and who ran it fastest.</summary>
public sealed record RepRow(int Number, IReadOnlyList<Rep?> Cells, string? FastestRunnerId);
