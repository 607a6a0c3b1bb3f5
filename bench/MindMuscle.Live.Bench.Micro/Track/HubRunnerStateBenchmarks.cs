using BenchmarkDotNet.Attributes;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Bench.Micro.Track;

/// <summary>
/// What the core parts of one hub runner weigh, held for the session: the live track's rep detector and lap counter
/// (one reading the detector's readings, as the hub's does, or one keeping its own history), and the runner's state in
/// a fed alert engine (<see cref="NewFedAlertEngineWithOneRunner"/> minus <see cref="NewFedAlertEngine"/>). Per hub
/// runner: <see cref="NewLapCounterReadingADetector"/> (detector and counter) plus that difference. Read the Allocated
/// column; the times are incidental.
/// </summary>
[MemoryDiagnoser]
public class HubRunnerStateBenchmarks
{
    private readonly MetricSample[] _first = [SteadySamples.At(1)];
    private readonly List<AlertEvent> _events = [];

    [Benchmark]
    public RepDetector NewRepDetector() => new();

    [Benchmark]
    public LapCounter NewLapCounter() => new();

    [Benchmark]
    public LapCounter NewLapCounterReadingADetector() => new(new RepDetector());

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
