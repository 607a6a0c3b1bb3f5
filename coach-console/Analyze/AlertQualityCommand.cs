using System.CommandLine;
using MindMuscle.Live.Core.Alerts.Quality;
using MindMuscle.Live.Core.Alerts.Quality.Track;

namespace MindMuscle.Live.CoachConsole.Analyze;

/// <summary>
/// <c>alert-quality [--seeds N]</c>: plays the labelled scenarios through the runner model and the alert engine and prints
/// detection rate, delays and false alerts per kind as the markdown table of docs/alert-quality.md, then the labelled track
/// sessions' rep detection and repFade figures. Exit code 0 when every target is met, 1 otherwise.
/// </summary>
internal static class AlertQualityCommand
{
    public static Command Create()
    {
        var seeds = new Option<int>("--seeds")
        {
            Description = "Seeded runners per scenario (steady scenarios get twice as many).",
            DefaultValueFactory = _ => 4,
        };
        var command = new Command("alert-quality", "Score the alert engine on labelled simulator scenarios (detection, delay, false alerts).")
        {
            seeds,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var output = parseResult.InvocationConfiguration.Output;
            var count = parseResult.GetValue(seeds);
            if (count is < 1 or > 100)
            {
                parseResult.InvocationConfiguration.Error.WriteLine("alert-quality: --seeds must be 1..100");
                return Task.FromResult(1);
            }

            var report = AlertQualityHarness.Run(AlertQualityHarness.StandardCases(count));
            output.Write(AlertQualityMarkdown.Table(report));
            var track = TrackQualityHarness.Run(count);
            output.WriteLine();
            output.WriteLine("Track sessions (reps, 60 s heart-rate drop, repFade):");
            output.WriteLine();
            output.Write(track.ToMarkdown());
            return Task.FromResult(report.MeetsTargets && track.MeetsTargets ? 0 : 1);
        });
        return command;
    }
}
