using System.Diagnostics.Metrics;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Review;

/// <summary>Review's instruments on the hub's meter: refused series, state-at, reps and laps requests and refused share-token calls, by reason.</summary>
internal sealed class ReviewMetrics
{
    private readonly Counter<long> _seriesRejects;
    private readonly Counter<long> _shareRefusals;
    private readonly Counter<long> _stateRejects;
    private readonly Counter<long> _trackRejects;

    public ReviewMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(HubMetrics.MeterName);
        _seriesRejects = meter.CreateCounter<long>("mml.hub.series.rejected", "{request}", "Series requests rejected, by reason");
        _shareRefusals = meter.CreateCounter<long>("mml.hub.shares.refused", "{request}", "Requests refused to a share token, by reason");
        _stateRejects = meter.CreateCounter<long>("mml.hub.state.rejected", "{request}", "State-at requests rejected, by reason");
        _trackRejects = meter.CreateCounter<long>("mml.hub.track.rejected", "{request}", "Reps and laps requests rejected, by reason");
    }

    public void SeriesRejected(string reason) => _seriesRejects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ShareRefused(string reason) => _shareRefusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void StateRejected(string reason) => _stateRejects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void TrackRejected(string reason) => _trackRejects.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
