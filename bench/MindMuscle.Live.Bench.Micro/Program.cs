using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MindMuscle.Live.Bench.Micro -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point (BenchmarkSwitcher finds the benchmarks in this assembly).</summary>
public partial class Program;
