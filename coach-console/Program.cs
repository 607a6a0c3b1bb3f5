using System.CommandLine;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.CoachConsole.Review;

var hub = new HubTargetOptions();
var root = new RootCommand("MindMuscle.Live coach console: watch a group live, send cues, replay and report sessions.");
hub.AddTo(root);
root.Subcommands.Add(LiveCommand.Create(hub));
root.Subcommands.Add(MarkerCommand.Create(hub));
root.Subcommands.Add(SessionsCommand.Create(hub));
root.Subcommands.Add(ReplayCommand.Create(hub));
root.Subcommands.Add(ExportCommand.Create(hub));
root.Subcommands.Add(ImportCommand.Create(hub));
root.Subcommands.Add(ReportCommand.Create(hub));

// analyze and alert-quality (coach-console/Analyze/), owned by the alert-engine work:
root.Subcommands.Add(MindMuscle.Live.CoachConsole.Analyze.AnalyzeCommand.Create()); root.Subcommands.Add(MindMuscle.Live.CoachConsole.Analyze.AlertQualityCommand.Create());

return await root.Parse(args).InvokeAsync();
