using System.Diagnostics.Metrics;

namespace MindMuscle.Live.Bench.Micro.Recording;

/// <summary>
/// The recorder's transactions in the measured window, from the hub's own <c>mml.hub.recorder.commit_duration</c>
/// (one record per transaction, from its first write to its commit): the longest is the stall every write queued
/// behind it waited for.
/// </summary>
internal sealed class TransactionTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<double> _durations = [];
    private bool _recording;

    public TransactionTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "mml.hub.recorder.commit_duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (_durations)
            {
                if (_recording)
                {
                    _durations.Add(value);
                }
            }
        });
        _listener.Start();
    }

    public void Start()
    {
        lock (_durations)
        {
            _recording = true;
        }
    }

    public Summary Stop()
    {
        lock (_durations)
        {
            _recording = false;
            _durations.Sort();
            return _durations.Count == 0
                ? new Summary(0, 0, 0, 0)
                : new Summary(_durations.Count, _durations[(int)(_durations.Count * 0.99)], _durations[^1], _durations.Count(d => d > 20));
        }
    }

    public void Dispose() => _listener.Dispose();

    public sealed record Summary(int Count, double P99, double Max, int Over20);
}
