using MindMuscle.Live.Bench.Load.Cli;

return await BenchCli.Build().Parse(args).InvokeAsync();
