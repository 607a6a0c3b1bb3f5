using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace MindMuscle.Live.Bench.Load.Hosting;

/// <summary>
/// Reads the hub's own meter (<c>MindMuscle.Live.Hub</c>) from outside, over the runtime's diagnostics port: the
/// <c>System.Diagnostics.Metrics</c> event source publishes the instruments listened to (<see cref="HubMeterMode"/>) once
/// a second, as dotnet-counters shows them. Counters are summed, gauges and histogram quantiles kept per second, all
/// between two instants of a run.
/// </summary>
internal sealed class MeterWatcher : IDisposable
{
    private const string Provider = "System.Diagnostics.Metrics";
    private const string MeterName = "MindMuscle.Live.Hub";

    /// <summary>
    /// The counters <see cref="HubMeterMode.Counters"/> listens to: what the run's checks need (samples dropped for a
    /// lagging coach) and the frame and send-timeout counts beside it. A counter's aggregation is a sum, nothing the
    /// hub allocates per second, unlike a histogram's bucket arrays.
    /// </summary>
    internal static readonly IReadOnlyList<string> Counters =
        ["mml.hub.fanout.dropped", "mml.hub.fanout.frames", "mml.hub.fanout.frames_shared", "mml.hub.fanout.send_timeouts"];

    private readonly EventPipeReader _reader;
    private readonly Lock _gate = new();
    private readonly List<Reading> _readings = [];

    private MeterWatcher(EventPipeSession session, HubMeterMode mode)
    {
        Mode = mode;
        _reader = new EventPipeReader(session, source => source.Dynamic.All += OnEvent);
    }

    public HubMeterMode Mode { get; }

    /// <summary>Whether the events are read on a thread-pool thread (null until reading started): they must not be.</summary>
    internal bool? ProcessesOnPoolThread => _reader.ProcessesOnPoolThread;

    /// <summary>
    /// The <c>System.Diagnostics.Metrics</c> event source's arguments for a mode. Full: the whole meter, histograms
    /// included, whose aggregations the hub rebuilds every second while listened to (~1/3 of what survived its gen0
    /// collections at 300 runners). Counters: only <see cref="Counters"/> by name and no histogram at all.
    /// </summary>
    internal static Dictionary<string, string> Arguments(HubMeterMode mode) => new()
    {
        ["SessionId"] = "mml-bench-" + Guid.NewGuid().ToString("N")[..8],
        ["Metrics"] = mode == HubMeterMode.Full ? MeterName : string.Join(';', Counters.Select(c => MeterName + "\\" + c)),
        ["RefreshInterval"] = "1",
        ["MaxTimeSeries"] = "1000",
        ["MaxHistograms"] = mode == HubMeterMode.Full ? "100" : "0",
    };

    /// <summary>Attaches to a .NET process; null when its diagnostics port is not reachable or <paramref name="mode"/> is none.</summary>
    public static MeterWatcher? TryAttach(int pid, HubMeterMode mode)
    {
        if (mode == HubMeterMode.None)
        {
            return null;
        }

        try
        {
            var client = new DiagnosticsClient(pid);
            var providers = new[] { new EventPipeProvider(Provider, EventLevel.Informational, 0x2, Arguments(mode)) };
            return new MeterWatcher(client.StartEventPipeSession(providers, requestRundown: false, circularBufferMB: 16), mode);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>What the hub's meter said between two Stopwatch instants; null when it said nothing (e.g. the bare hub has no such meter).</summary>
    public HubMeterSummary? Summarise(long from, long to)
    {
        List<Reading> readings;
        lock (_gate)
        {
            readings = [.. _readings.Where(r => r.At >= from && r.At <= to)];
        }

        if (readings.Count == 0)
        {
            return null;
        }

        double Sum(string name) => readings.Where(r => r.Kind == 'c' && r.Name == name).Sum(r => r.Value);
        double? Max(string name, Func<Reading, double> value) =>
            readings.Where(r => r.Name == name) is var rs && rs.Any() ? Math.Round(rs.Max(value), 2) : null;
        double? Median(string name, Func<Reading, double> value) =>
            readings.Where(r => r.Name == name).Select(value).Order().ToArray() is { Length: > 0 } v ? Math.Round(v[v.Length / 2], 2) : null;

        return new HubMeterSummary
        {
            Seconds = readings.Where(r => r.Kind == 'c').Select(r => r.At).Distinct().Count(),
            SamplesDropped = (long)Sum("mml.hub.fanout.dropped"),
            FramesSent = (long)Sum("mml.hub.fanout.frames"),
            FramesShared = (long)Sum("mml.hub.fanout.frames_shared"),
            SendTimeouts = (long)Sum("mml.hub.fanout.send_timeouts"),
            QueuedSamplesMax = Max("mml.hub.fanout.queued_samples", r => r.Value),
            LongestCoachQueueMax = Max("mml.hub.fanout.queued_samples_max", r => r.Value),
            QueuedMessagesMax = Max("mml.hub.fanout.queued_messages", r => r.Value),
            CoachLagP99MaxMs = Max("mml.hub.fanout.coach_lag", r => r.P99),
            SendP50Ms = Median("mml.hub.fanout.send_duration", r => r.P50),
            SendP99MaxMs = Max("mml.hub.fanout.send_duration", r => r.P99),
            FrameSamplesP50 = Median("mml.hub.fanout.frame_samples", r => r.P50),
            FrameSamplesP99Max = Max("mml.hub.fanout.frame_samples", r => r.P99),
            FrameBytesP50 = Median("mml.hub.fanout.frame_bytes", r => r.P50),
            FrameBytesP99Max = Max("mml.hub.fanout.frame_bytes", r => r.P99),
            SerializeP50Us = Median("mml.hub.fanout.frame_serialize_duration", r => r.P50),
            SerializeP99MaxUs = Max("mml.hub.fanout.frame_serialize_duration", r => r.P99),
            AckP99MaxMs = Max("mml.hub.ingest.ack_duration", r => r.P99),
            MessageWaitP99MaxMs = Max("mml.hub.fanout.message_wait", r => r.P99),
            CueDeliveryP99MaxMs = Max("mml.hub.cues.delivery_duration", r => r.P99),
        };
    }

    public void Dispose() => _reader.Dispose();

    private void OnEvent(TraceEvent e)
    {
        if (e.ProviderName != Provider || e.PayloadByName("meterName") as string != MeterName || e.PayloadByName("instrumentName") is not string name)
        {
            return;
        }

        var at = Stopwatch.GetTimestamp();
        Reading? reading = e.EventName switch
        {
            "CounterRateValuePublished" => new Reading(at, 'c', name, Number(e.PayloadByName("rate")), 0, 0),
            "GaugeValuePublished" => new Reading(at, 'g', name, Number(e.PayloadByName("lastValue")), 0, 0),
            "HistogramValuePublished" => Histogram(at, name, e.PayloadByName("quantiles") as string),
            _ => null,
        };
        if (reading is { } r)
        {
            lock (_gate)
            {
                _readings.Add(r);
            }
        }
    }

    private static Reading Histogram(long at, string name, string? quantiles)
    {
        double p50 = 0, p99 = 0;
        foreach (var part in (quantiles ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=');
            if (pair.Length == 2 && double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                if (pair[0] == "0.5")
                {
                    p50 = v;
                }
                else if (pair[0] == "0.99")
                {
                    p99 = v;
                }
            }
        }

        return new Reading(at, 'h', name, 0, p50, p99);
    }

    private static double Number(object? payload) =>
        payload is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private readonly record struct Reading(long At, char Kind, string Name, double Value, double P50, double P99);
}

/// <summary>
/// How the bench listens to the hub's meter in a load run (<c>--hub-meters</c>), the same for both hubs (the bare hub
/// has no such meter; its listener costs it what the product's costs the product but finds nothing).
/// </summary>
internal enum HubMeterMode
{
    /// <summary>No listener: the hub's meter is not enabled at all.</summary>
    None,

    /// <summary>The counters the checks need (<see cref="MeterWatcher.Counters"/>), no histograms: the default.</summary>
    Counters,

    /// <summary>The whole meter with its histograms and gauges, for diagnosis: it costs the hub (see <see cref="MeterWatcher.Arguments"/>).</summary>
    Full,
}

/// <summary>The hub's own meter over a run's window (null = the hub published nothing for it, e.g. the bare hub).</summary>
internal sealed record HubMeterSummary
{
    /// <summary>Seconds of the window the meter reported on.</summary>
    public int Seconds { get; init; }

    public long SamplesDropped { get; init; }

    public long FramesSent { get; init; }

    public long FramesShared { get; init; }

    public long SendTimeouts { get; init; }

    public double? QueuedSamplesMax { get; init; }

    public double? LongestCoachQueueMax { get; init; }

    public double? QueuedMessagesMax { get; init; }

    public double? CoachLagP99MaxMs { get; init; }

    public double? SendP50Ms { get; init; }

    public double? SendP99MaxMs { get; init; }

    public double? FrameSamplesP50 { get; init; }

    public double? FrameSamplesP99Max { get; init; }

    public double? FrameBytesP50 { get; init; }

    public double? FrameBytesP99Max { get; init; }

    public double? SerializeP50Us { get; init; }

    public double? SerializeP99MaxUs { get; init; }

    public double? AckP99MaxMs { get; init; }

    /// <summary>An alert, status or cue update handed to a coach's sender -> its send completed (waits behind frames show here).</summary>
    public double? MessageWaitP99MaxMs { get; init; }

    /// <summary>A cue's send -> its write to the runner's connection completed.</summary>
    public double? CueDeliveryP99MaxMs { get; init; }

    public string Describe() =>
        $"{SamplesDropped} samples dropped, {FramesSent} frames ({FramesShared} written from shared bytes), send timeouts {SendTimeouts}"
        + (QueuedSamplesMax is null && SendP50Ms is null && CoachLagP99MaxMs is null && AckP99MaxMs is null
            ? " (counters only: --hub-meters full for queues, sends and serialisation)"
            : $"; queued samples max {F(QueuedSamplesMax)} (longest coach {F(LongestCoachQueueMax)}), messages max {F(QueuedMessagesMax)}; "
            + $"coach lag p99 max {F(CoachLagP99MaxMs)} ms; send p50 {F(SendP50Ms)} / p99 max {F(SendP99MaxMs)} ms; "
            + $"frame samples p50 {F(FrameSamplesP50)} / p99 max {F(FrameSamplesP99Max)}, bytes p50 {F(FrameBytesP50)} / p99 max {F(FrameBytesP99Max)}, "
            + $"serialise p50 {F(SerializeP50Us)} / p99 max {F(SerializeP99MaxUs)} us; ack p99 max {F(AckP99MaxMs)} ms; "
            + $"coach message wait p99 max {F(MessageWaitP99MaxMs)} ms, cue delivery p99 max {F(CueDeliveryP99MaxMs)} ms");

    private static string F(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";
}
