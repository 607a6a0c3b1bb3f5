using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MindMuscle.Live.Bench.Micro -- --filter '*'
// BenchmarkDotNet builds a boilerplate project per run; on a busy 2-core machine that takes longer than its default
// 2-minute build timeout, so allow 10.
// dotnet run -c Release --project bench/MindMuscle.Live.Bench.Micro -- recorder: the recorder in the real shape (no BenchmarkDotNet).
if (args is ["recorder", ..])
{
    return await MindMuscle.Live.Bench.Micro.Recording.RecorderHarness.RunAsync(args[1..]);
}

var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(MindMuscle.Live.Bench.Micro.SteadySamples).Assembly).Run(args, config);
return 0;
