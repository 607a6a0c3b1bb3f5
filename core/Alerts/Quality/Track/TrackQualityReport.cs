using System.Globalization;
using System.Text;

namespace MindMuscle.Live.Core.Alerts.Quality.Track;

/// <summary>The track section of the alert-quality report: per labelled session, what the rep detector and repFade did.</summary>
public sealed record TrackQualityReport
{
    public const double TargetBoundaryS = 5;
    public const double TargetDistancePct = 5;
    public const double TargetDropBpm = 5;

    public IReadOnlyList<TrackSessionQuality> Sessions { get; init; } = [];

    public IReadOnlyList<string> Misses { get; init; } = [];

    /// <summary>Every rep found and none invented, every found rep within the boundary, distance and 60 s drop targets, repFade exact.</summary>
    public bool MeetsTargets => Sessions.All(s => s.MeetsTargets);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| session | runs | reps | found | invented | max boundary error (s) | max distance error (%) | max 60 s drop error (bpm) | drops unknown | repFade expected | raised | unexpected |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in Sessions)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.Runs} | {s.TruthReps} | {s.Found} | {s.Invented} | {Max(s.BoundaryErrorsS)} | {Max(s.DistanceErrorsPct)} | {Max(s.DropErrorsBpm)} | {s.DropsMissing} | {s.FadeExpected} | {s.FadeRaised} | {s.FadeUnexpected} |");
        }

        var all = Sessions.ToArray();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Reps: {all.Sum(s => s.Found)} of {all.Sum(s => s.TruthReps)} found, {all.Sum(s => s.Invented)} invented. "
            + $"Mean boundary error {Mean(all.SelectMany(s => s.BoundaryErrorsS))} s, mean distance error {Mean(all.SelectMany(s => s.DistanceErrorsPct))} %, "
            + $"mean 60 s drop error {Mean(all.SelectMany(s => s.DropErrorsBpm))} bpm. "
            + $"repFade: {all.Sum(s => s.FadeRaised)} of {all.Sum(s => s.FadeExpected)} raised, {all.Sum(s => s.FadeUnexpected)} unexpected. "
            + $"Targets met: {(MeetsTargets ? "yes" : "NO")}.");
        if (Misses.Count > 0)
        {
            text.AppendLine();
            foreach (var miss in Misses)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {miss}");
            }
        }

        return text.ToString();
    }

    private static string Max(List<double> values) => values.Count == 0 ? "-" : values.Max().ToString("0.0", CultureInfo.InvariantCulture);

    private static string Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "-" : list.Average().ToString("0.0", CultureInfo.InvariantCulture);
    }
}

/// <summary>One labelled session over its seeded runs.</summary>
public sealed class TrackSessionQuality
{
    public required string Name { get; init; }

    public int Runs { get; init; }

    public int TruthReps { get; set; }

    public int Found { get; set; }

    public int Invented { get; set; }

    /// <summary>Per found rep, the larger of its start and end errors.</summary>
    public List<double> BoundaryErrorsS { get; } = [];

    public List<double> DistanceErrorsPct { get; } = [];

    public List<double> DropErrorsBpm { get; } = [];

    /// <summary>Found reps whose 60 s drop stayed unknown (a heart-rate gap, or the next rep began within 60 s).</summary>
    public int DropsMissing { get; set; }

    public int FadeExpected { get; set; }

    public int FadeRaised { get; set; }

    public int FadeUnexpected { get; set; }

    public bool MeetsTargets =>
        Found == TruthReps && Invented == 0
        && BoundaryErrorsS.All(e => e <= TrackQualityReport.TargetBoundaryS)
        && DistanceErrorsPct.All(e => e <= TrackQualityReport.TargetDistancePct)
        && DropErrorsBpm.All(e => e <= TrackQualityReport.TargetDropBpm)
        && DropsMissing == 0
        && FadeRaised == FadeExpected && FadeUnexpected == 0;
}
