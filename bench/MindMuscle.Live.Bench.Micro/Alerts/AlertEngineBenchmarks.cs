using BenchmarkDotNet.Attributes;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.Micro.Alerts;

/// <summary>
/// The hub's per-sample alert cost: one warmed-up runner's sample fed through the engine (steady running, so the
/// rules evaluate but rarely fire), and a batch of 60 runners x 1 sample (one tick of a full track session).
/// </summary>
[MemoryDiagnoser]
public class AlertEngineBenchmarks
{
    private readonly List<AlertEvent> _events = [];
    private IAlertEngine _engine = null!;
    private string[] _runners = [];
    private MetricSample[][] _next = [];
    private long _seq;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new AlertEngineFactory().Create("bench", AlertSettings.Default);
        _runners = [.. Enumerable.Range(0, 60).Select(i => $"r-{i:D2}")];
        _next = [.. _runners.Select(_ => new MetricSample[1])];

        // Ten minutes at 4 Hz so every baseline is established before measuring.
        for (var i = 0; i < 2400; i++)
        {
            FeedAll();
        }
    }

    [Benchmark]
    public int FeedOneSample()
    {
        _events.Clear();
        _next[0][0] = SteadySamples.At(++_seq);
        _engine.Feed(_runners[0], _next[0], _events);
        return _events.Count;
    }

    [Benchmark(OperationsPerInvoke = 60)]
    public int FeedSixtyRunners()
    {
        _events.Clear();
        FeedAll();
        return _events.Count;
    }

    private void FeedAll()
    {
        var seq = ++_seq;
        for (var r = 0; r < _runners.Length; r++)
        {
            _next[r][0] = SteadySamples.At(seq);
            _engine.Feed(_runners[r], _next[r], _events);
        }
    }
}
