using BenchmarkDotNet.Attributes;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Bench.Micro.Track;

/// <summary>
/// What rep and lap tracking add per sample: 60 runners' samples (steady running at 4 Hz, one sample shared by all) through a
/// <see cref="RepDetector"/> and a <see cref="LapCounter"/> each, as the engine's repFade rule and a hub would run them.
/// </summary>
[MemoryDiagnoser]
public class RepDetectorBenchmarks
{
    private const int Runners = 60;
    private const int WarmupSteps = 4096;

    private readonly List<RepEvent> _reps = [];
    private readonly List<Lap> _laps = [];
    private RepDetector[] _detectors = [];
    private LapCounter[] _counters = [];
    private long _seq;

    [GlobalSetup]
    public void Setup()
    {
        _detectors = [.. Enumerable.Range(0, Runners).Select(_ => new RepDetector())];
        _counters = [.. Enumerable.Range(0, Runners).Select(_ => new LapCounter())];
        for (var i = 0; i < WarmupSteps; i++)
        {
            Observe();
        }
    }

    [Benchmark(OperationsPerInvoke = Runners)]
    public int ObserveSixtyRunners()
    {
        _reps.Clear();
        _laps.Clear();
        Observe();
        return _reps.Count + _laps.Count;
    }

    private void Observe()
    {
        var sample = SteadySamples.At(++_seq);
        for (var r = 0; r < Runners; r++)
        {
            _detectors[r].Observe(sample, _reps);
            _counters[r].Observe(sample, _laps);
        }
    }
}
