using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MindMuscle.Live.Core.Alerts.Quality.Track;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Bench.Micro.Track;

/// <summary>
/// Rep and lap tracking over a real interval session, not steady running: 30 minutes at 4 Hz of a simulated 6 x 800 m
/// (8 min warm-up, five reps with their recoveries measured, laps every 400 m) through fresh trackers for 60 runners, so
/// rep starts, the bound searches, rep completions and heart-rate recoveries are all in the figure.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, iterationCount: 10, warmupCount: 2)]
public class RepTrackingSessionBenchmarks
{
    private const int Runners = 60;
    private const int SessionSamples = 30 * 60 * 4;

    private readonly List<RepEvent> _reps = [];
    private readonly List<Lap> _laps = [];
    private MetricSample[] _session = [];
    private RepDetector[] _detectors = [];
    private LapCounter[] _counters = [];

    [GlobalSetup]
    public void Setup()
    {
        var plan = TrackQualityPlan.Standard.Single(p => p.Name == "6x800 jog 1:30");
        var (scenario, profile, _) = plan.Build(seed: 1);
        var model = new RunnerModel(scenario, 1, profile);
        _session = [.. Enumerable.Range(1, SessionSamples).Select(i =>
            model.At(TimeSpan.FromMilliseconds(i * 250)).ToMetricSample(1_764_000_000_000 + (i * 250L)) with { Seq = i })];
    }

    [IterationSetup]
    public void FreshTrackers()
    {
        _detectors = [.. Enumerable.Range(0, Runners).Select(_ => new RepDetector())];
        _counters = [.. Enumerable.Range(0, Runners).Select(_ => new LapCounter())];
    }

    [Benchmark(OperationsPerInvoke = Runners * SessionSamples)]
    public int IntervalSessionSixtyRunners()
    {
        var found = 0;
        foreach (var sample in _session)
        {
            for (var r = 0; r < Runners; r++)
            {
                _detectors[r].Observe(sample, _reps);
                _counters[r].Observe(sample, _laps);
            }

            found += _reps.Count + _laps.Count;
            _reps.Clear();
            _laps.Clear();
        }

        return found;
    }
}
