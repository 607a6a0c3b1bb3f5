using MindMuscle.Live.Bench.Load.Cli;
using MindMuscle.Live.Bench.Load.Companion;

// The runner companion's bench has its own small command line (Companion/CompanionCli.cs).
if (args.Length > 0 && args[0] == CompanionCli.Command)
{
    return await CompanionCli.RunAsync(args[1..], Console.Out, CancellationToken.None);
}

return await BenchCli.Build().Parse(args).InvokeAsync();
