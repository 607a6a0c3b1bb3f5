using System.Diagnostics.Metrics;

namespace MindMuscle.Live.Hub.Telemetry;

/// <summary>The hub's instruments on the <c>MindMuscle.Live.Hub</c> meter.</summary>
internal sealed class HubMetrics
{
    public const string MeterName = "MindMuscle.Live.Hub";

    private readonly Counter<long> _samplesIn;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejects;
    private readonly Counter<long> _frames;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _sendTimeouts;
    private readonly Histogram<double> _coachLag;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _commitLatency;
    private readonly Histogram<double> _ackLatency;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _cues;
    private readonly Histogram<double> _cueDelivery;
    private readonly Histogram<double> _messageWait;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _alertBatchesLost;
    private readonly Counter<long> _markers;
    private readonly Counter<long> _markerRejects;
    private readonly Counter<long> _autoCueRejects;
    private readonly Counter<long> _readOnlyRefusals;
    private readonly Counter<long> _markersLate;
    private readonly Histogram<long> _frameSamples;
    private readonly Histogram<long> _frameBytes;
    private readonly Histogram<double> _frameSerialize;
    private readonly Histogram<double> _sendDuration;
    private readonly Counter<long> _framesShared;
    private readonly Meter _meter;

    public HubMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = _meter = meterFactory.Create(MeterName);
        _samplesIn = meter.CreateCounter<long>("mml.hub.samples.received", "{sample}", "Samples newly accepted from runners");
        _duplicates = meter.CreateCounter<long>("mml.hub.samples.duplicates", "{sample}", "Samples at or below the recorded seq (acknowledged, not recorded again)");
        _rejects = meter.CreateCounter<long>("mml.hub.samples.rejected", "{batch}", "Publishes rejected, by reason");
        _frames = meter.CreateCounter<long>("mml.hub.fanout.frames", "{frame}", "Samples frames sent to coaches");
        _dropped = meter.CreateCounter<long>("mml.hub.fanout.dropped", "{sample}", "Samples dropped for lagging coaches");
        _sendTimeouts = meter.CreateCounter<long>("mml.hub.fanout.send_timeouts", "{send}", "Coach sends that exceeded the send timeout");
        _coachLag = meter.CreateHistogram<double>("mml.hub.fanout.coach_lag", "ms", "Time from a sample's arrival to its send to a coach completing");
        _batchSize = meter.CreateHistogram<long>("mml.hub.recorder.batch_size", "{write}", "Samples and records written in one transaction");
        _commitLatency = meter.CreateHistogram<double>("mml.hub.recorder.commit_duration", "ms", "Duration of one recorder transaction");
        _ackLatency = meter.CreateHistogram<double>("mml.hub.ingest.ack_duration", "ms", "Time from a valid publish's arrival to its acknowledgement (validation, dedup, queueing, commit)");
        _connections = meter.CreateUpDownCounter<long>("mml.hub.connections", "{connection}", "Open hub connections, by role");
        _cues = meter.CreateCounter<long>("mml.hub.cues.sent", "{cue}", "Cues sent to runners, by source");
        _cueDelivery = meter.CreateHistogram<double>("mml.hub.cues.delivery_duration", "ms", "Time from a cue's send to its write to the runner's connection completing");
        _messageWait = meter.CreateHistogram<double>("mml.hub.fanout.message_wait", "ms", "Time from an alert, status or cue update being handed to a coach's sender to its send completing");
        _alerts = meter.CreateCounter<long>("mml.hub.alerts.raised", "{alert}", "Alerts raised, by kind");
        _alertBatchesLost = meter.CreateCounter<long>("mml.hub.alerts.batches_lost", "{batch}", "Sample batches whose alerts were lost to a failing engine or handler, by reason");
        _markers = meter.CreateCounter<long>("mml.hub.markers.added", "{marker}", "Coach markers recorded, by kind");
        _markerRejects = meter.CreateCounter<long>("mml.hub.markers.rejected", "{request}", "Coach marker requests rejected, by reason");
        _autoCueRejects = meter.CreateCounter<long>("mml.hub.autocue.rejected", "{request}", "Coach auto-cue switches rejected, by reason");
        _markersLate = meter.CreateCounter<long>("mml.hub.markers.late", "{runner}", "Runners whose live reps and laps ignore a marker that came after a later mark was applied");
        _frameSamples = meter.CreateHistogram<long>("mml.hub.fanout.frame_samples", "{sample}", "Samples in one frame to one coach");
        _frameBytes = meter.CreateHistogram<long>("mml.hub.fanout.frame_bytes", "By", "Size of one serialised samples frame, by protocol");
        _frameSerialize = meter.CreateHistogram<double>("mml.hub.fanout.frame_serialize_duration", "us", "Time to serialise one samples frame, by protocol (a frame shared by a session's coaches is serialised once per protocol)");
        _framesShared = meter.CreateCounter<long>("mml.hub.fanout.frames_shared", "{frame}", "Samples frames written from bytes another coach's send had serialised already");
        _sendDuration = meter.CreateHistogram<double>("mml.hub.fanout.send_duration", "ms", "Time one send to one coach took to complete (serialising, the connection's write lock, the flush)");
        _readOnlyRefusals = meter.CreateCounter<long>("mml.hub.readonly.refused", "{request}", "Changes refused by a read-only hub, by surface (rest, live)");
    }

    public void SamplesAccepted(int count) => _samplesIn.Add(count);

    public void Duplicates(int count) => _duplicates.Add(count);

    public void Rejected(string reason) => _rejects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void FrameSent() => _frames.Add(1);

    public void SamplesDropped(int count) => _dropped.Add(count);

    public void SendTimedOut() => _sendTimeouts.Add(1);

    public void CoachLag(double milliseconds) => _coachLag.Record(milliseconds);

    public void FrameBuilt(int samples) => _frameSamples.Record(samples);

    public void FrameSerialized(string protocol, int bytes, double microseconds)
    {
        var tag = new KeyValuePair<string, object?>("protocol", protocol);
        _frameBytes.Record(bytes, tag);
        _frameSerialize.Record(microseconds, tag);
    }

    public void FrameShared() => _framesShared.Add(1);

    public void AlertBatchesLost(int count, string reason) => _alertBatchesLost.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void SendCompleted(double milliseconds) => _sendDuration.Record(milliseconds);

    /// <summary>Samples and messages waiting in the coach senders (total and the longest queue), read when a listener collects.</summary>
    public void ObserveCoachQueues(Func<(long Samples, long LongestSamples, long Messages)> read)
    {
        _meter.CreateObservableGauge("mml.hub.fanout.queued_samples", () => read().Samples, "{sample}", "Samples waiting for a frame, summed over every coach sender");
        _meter.CreateObservableGauge("mml.hub.fanout.queued_samples_max", () => read().LongestSamples, "{sample}", "Samples waiting in the longest coach queue");
        _meter.CreateObservableGauge("mml.hub.fanout.queued_messages", () => read().Messages, "{message}", "Alerts, statuses and cue updates waiting, summed over every coach sender");
    }

    public void RecorderBatch(int writes, double milliseconds)
    {
        _batchSize.Record(writes);
        _commitLatency.Record(milliseconds);
    }

    public void Acknowledged(double milliseconds) => _ackLatency.Record(milliseconds);

    public void Connected(string role) => _connections.Add(1, new KeyValuePair<string, object?>("role", role));

    public void Disconnected(string role) => _connections.Add(-1, new KeyValuePair<string, object?>("role", role));

    public void CueSent(string source) => _cues.Add(1, new KeyValuePair<string, object?>("source", source));

    public void CueDelivered(double milliseconds) => _cueDelivery.Record(milliseconds);

    public void MessageSent(double milliseconds) => _messageWait.Record(milliseconds);

    public void AlertRaised(string kind) => _alerts.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void MarkerAdded(Core.Contracts.MarkerKind kind) => _markers.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));

    public void MarkerRejected(string reason) => _markerRejects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void AutoCueRejected(string reason) => _autoCueRejects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ReadOnlyRefused(string surface) => _readOnlyRefusals.Add(1, new KeyValuePair<string, object?>("surface", surface));

    public void MarkerLate(int runners) => _markersLate.Add(runners);
}
