using BenchmarkDotNet.Attributes;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Bench.Micro.Track;

/// <summary>
/// What a runner's windows weigh: the allocation of a fresh <see cref="RepDetector"/> (its ring of readings and speed
/// median, held for the session) and of an alert engine with one runner against one with none (the runner's seven
/// medians, plus the repFade rule's own detector unless the engine is fed the reps, as the hub's is). Per hub runner:
/// the live track's detector plus a fed engine's runner. Read the Allocated column; the times are incidental.
/// </summary>
[MemoryDiagnoser]
public class RunnerWindowsBenchmarks
{
    private readonly MetricSample[] _first = [SteadySamples.At(1)];
    private readonly List<AlertEvent> _events = [];

    [Benchmark]
    public RepDetector NewRepDetector() => new();

    [Benchmark]
    public IAlertEngine NewAlertEngine() => new AlertEngineFactory().Create("bench", AlertSettings.Default);

    [Benchmark]
    public IAlertEngine NewAlertEngineWithOneRunner()
    {
        var engine = new AlertEngineFactory().Create("bench", AlertSettings.Default);
        _events.Clear();
        engine.Feed("r-00", _first, _events);
        return engine;
    }

    [Benchmark]
    public IAlertEngine NewFedAlertEngine() => new AlertEngineFactory(reps: RepSource.Fed).Create("bench", AlertSettings.Default);

    [Benchmark]
    public IAlertEngine NewFedAlertEngineWithOneRunner()
    {
        var engine = new AlertEngineFactory(reps: RepSource.Fed).Create("bench", AlertSettings.Default);
        _events.Clear();
        engine.Feed("r-00", _first, _events);
        return engine;
    }
}
