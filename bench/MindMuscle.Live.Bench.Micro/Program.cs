using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MindMuscle.Live.Bench.Micro -- --filter '*'
// BenchmarkDotNet builds a boilerplate project per run; on a busy 2-core machine that takes longer than its default
// 2-minute build timeout, so allow 10.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

/// <summary>Entry point (BenchmarkSwitcher finds the benchmarks in this assembly).</summary>
public partial class Program;
