using System.CommandLine;

var root = new RootCommand("MindMuscle.Live coach console: watch a group live, send cues, replay and report sessions.");
root.Subcommands.Add(MindMuscle.Live.CoachConsole.Analyze.AnalyzeCommand.Create()); root.Subcommands.Add(MindMuscle.Live.CoachConsole.Analyze.AlertQualityCommand.Create());
return await root.Parse(args).InvokeAsync();
