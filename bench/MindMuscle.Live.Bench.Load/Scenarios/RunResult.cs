using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Bench.Load.Measure;

namespace MindMuscle.Live.Bench.Load.Scenarios;

/// <summary>Everything one configuration measured. Null = not measured for this hub (e.g. cues on the bare hub).</summary>
internal sealed record RunResult
{
    public required LoadConfig Config { get; init; }

    /// <summary>"bare", "bare+record" or "product".</summary>
    public string Hub => Config.HubName;

    public string Protocol => Config.Protocol == WireProtocol.Json ? "json" : "messagepack";

    public double WindowSeconds { get; init; }

    public double OfferedSamplesPerSecond => Config.Runners * Config.Hz;

    public int Sessions => Config.Sessions;

    public int RunnersPerSession => Config.RunnersPerSession;

    public int CoachesPerSession => Config.Coaches;

    /// <summary>"sessions", "interleaved" or "random": the order the publishing loop ticked the runners in (<see cref="LoadConfig.TickOrder"/>).</summary>
    public string TickOrder => Config.TickOrder.ToString().ToLowerInvariant();

    /// <summary>Fewest and most runners of its own session any coach received samples of (both = runners per session when spread right).</summary>
    public int MinRunnersSeenPerCoach { get; init; }

    public int MaxRunnersSeenPerCoach { get; init; }

    /// <summary>Samples a coach received of a runner outside its session (must be 0).</summary>
    public long ForeignSamplesAtCoaches { get; init; }

    public double AcceptedSamplesPerSecond { get; init; }

    public double FramesPerSecond { get; init; }

    /// <summary>Samples received per second summed over all coaches.</summary>
    public double DeliveredSamplesPerSecond { get; init; }

    /// <summary>Frames a coach received per second on average (<see cref="FramesPerSecond"/> over every coach of the run); null without coaches.</summary>
    public double? FramesPerSecondPerCoach => Config.Coaches > 0
        ? Math.Round(FramesPerSecond / (Math.Max(1, Config.Sessions) * Config.Coaches), 1)
        : null;

    /// <summary>Samples per frame a coach received on average: how much the hub's coach frame pacing packs; null without frames.</summary>
    public double? SamplesPerFrame => FramesPerSecond > 0 ? Math.Round(DeliveredSamplesPerSecond / FramesPerSecond, 2) : null;

    public required LatencySummary Latency { get; init; }

    public required LatencySummary AckLatency { get; init; }

    public LatencySummary? CueRoundTrip { get; init; }

    public long? CuesSent { get; init; }

    public long? CuesCompleted { get; init; }

    /// <summary>Cues sent in the warm-up (so the window does not measure the hub compiling the cue path); not in the figures.</summary>
    public long? WarmupCuesSent { get; init; }

    public long? WarmupCuesCompleted { get; init; }

    public long PublishedSamples { get; init; }

    public long LostAtCoaches { get; init; }

    public long DuplicatesAtCoaches { get; init; }

    /// <summary>Frames the hub said it dropped for lagging coaches (SamplesFrame.dropped).</summary>
    public long FramesDroppedReported { get; init; }

    public long? RecordedRows { get; init; }

    /// <summary>Samples the hub acknowledged that its recording lacks: a durability failure.</summary>
    public long? LostInRecording { get; init; }

    /// <summary>
    /// Samples published but never acknowledged (the run ended first) that the recording lacks: not a durability
    /// failure, since the hub never took them; the run is already judged on <see cref="UnackedRunners"/>.
    /// </summary>
    public long? UnackedNotRecorded { get; init; }

    public long? DuplicatesInRecording { get; init; }

    /// <summary>Runners whose final ack was below their last published seq.</summary>
    public long UnackedRunners { get; init; }

    public long PublishErrors { get; init; }

    public long ConnectionsClosed { get; init; }

    public long CueErrors { get; init; }

    public int JoinRetries { get; init; }

    /// <summary>Hub CPU over the window, percent of one core (200 % = both cores of this machine).</summary>
    public double HubCpuPercent { get; init; }

    /// <summary>
    /// Hub CPU time per accepted sample, microseconds: the cost of a sample whatever the machine's load did to the
    /// latencies (A/B runs on a shared machine compare this, not wall times). Null when nothing was accepted.
    /// </summary>
    public double? HubCpuUsPerSample => AcceptedSamplesPerSecond > 0
        ? Math.Round(HubCpuPercent / 100 * 1e6 / AcceptedSamplesPerSecond, 1)
        : null;

    /// <summary>The hub's CPU and run-queue wait by thread name over the window, busiest first (from /proc schedstat).</summary>
    public IReadOnlyList<ThreadGroupUsage> HubThreads { get; init; } = [];

    public double HubPeakRssMb { get; init; }

    /// <summary>"gen0/gen1/gen2" collections in the hub during the window, or null if the hub does not expose them.</summary>
    public string? HubGc { get; init; }

    /// <summary>The hub's GC pauses in the window (read over EventPipe), or null when its diagnostics port was not reachable.</summary>
    public GcPauses? HubGcPauses { get; init; }

    /// <summary>
    /// The product hub's own meter over the window, read over EventPipe: the counters (samples dropped, frames, send
    /// timeouts), and with <see cref="HubMeterMode.Full"/> also queues, sends and serialisation. Null when no listener
    /// was attached or the hub published nothing (the bare hub).
    /// </summary>
    public HubMeterSummary? HubMeters { get; init; }

    /// <summary>The listener attached to the hub's meter in this run (none when asked for none or its diagnostics port was not reachable).</summary>
    public HubMeterMode HubMeterListener { get; init; }

    public double LoadGenCpuPercent { get; init; }

    public string LoadGenGc { get; init; } = "";

    /// <summary>Most the publishing loop fell behind its schedule, ms (the load generator itself was the limit if large).</summary>
    public double GeneratorLagMaxMs { get; init; }

    /// <summary>The generator's own process over the window (GC pauses, thread pool, loop lag), or null (no load run).</summary>
    public GeneratorHealth? Generator { get; init; }

    /// <summary>The generator's seconds from the warm-up's start to the window's end, for a run that fell behind.</summary>
    public IReadOnlyList<GeneratorSecond> GeneratorSeconds { get; init; } = [];

    /// <summary>The window second by second: latencies that arrived, over 25 ms, longest, beside both processes' GC pauses.</summary>
    public IReadOnlyList<RunSecond> Seconds { get; init; } = [];

    /// <summary>The window's tail samples by the GC pauses (hub, generator) they were under way across, or null.</summary>
    public TailCauses? TailCauses { get; init; }

    /// <summary>The generator's own GC pauses in the window (read over EventPipe like the hub's), or null.</summary>
    public GcPauses? GeneratorGcPauses { get; init; }

    /// <summary>What the hub's GCs promoted in the window and its gen1/gen2 sizes, or null.</summary>
    public GcHeap? HubGcHeap { get; init; }

    /// <summary>The same of the generator's own GCs, or null.</summary>
    public GcHeap? GeneratorGcHeap { get; init; }

    /// <summary>
    /// The generator fell further behind its schedule than <see cref="LoadConfig.GeneratorLagLimitMs"/>: the tail (and a
    /// step's break) may be the generator's rather than the hub's, so the run is to be repeated, not quoted.
    /// </summary>
    public bool GeneratorBehind => GeneratorLagMaxMs > Config.GeneratorLagLimitMs;

    /// <summary>What a reader must know about a run whose generator fell behind, or null.</summary>
    public string? GeneratorNote => GeneratorBehind
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"generator behind: its publishing loop fell {GeneratorLagMaxMs:0.#} ms behind schedule (limit {Config.GeneratorLagLimitMs:0.#} ms), so the tail may be the generator's, not the hub's; repeat on an idle machine or with --pin")
        : null;

    public bool HubCrashed { get; init; }

    public string? Error { get; init; }

    public bool Clean => !HubCrashed && Error is null && PublishErrors == 0 && ConnectionsClosed == 0 && LostAtCoaches == 0
        && DuplicatesAtCoaches == 0 && ForeignSamplesAtCoaches == 0 && (LostInRecording ?? 0) == 0 && (DuplicatesInRecording ?? 0) == 0 && UnackedRunners == 0
        && PublishedSamples > 0 && AcceptedSamplesPerSecond > 0;

    /// <summary>Why this run does not hold (p99 over the limit, loss, ...), or empty when it holds.</summary>
    public IReadOnlyList<string> Violations(double p99LimitMs)
    {
        var why = new List<string>();
        if (HubCrashed)
        {
            why.Add("hub crashed");
        }

        if (Error is not null)
        {
            why.Add("error: " + Error);
        }

        if (Latency.P99Ms is null || Latency.P99Ms > p99LimitMs)
        {
            why.Add($"p99 {Latency.P99Ms?.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"} ms > {p99LimitMs} ms");
        }

        if (LostAtCoaches > 0 || FramesDroppedReported > 0)
        {
            why.Add($"lost at coaches {LostAtCoaches} (frames dropped {FramesDroppedReported})");
        }
        else if (HubMeters is { SamplesDropped: > 0 } meters)
        {
            // The coaches caught up through a snapshot, yet the hub dropped samples for a lagging coach.
            why.Add($"hub dropped {meters.SamplesDropped} samples for lagging coaches");
        }

        if (DuplicatesAtCoaches > 0)
        {
            why.Add($"duplicates at coaches {DuplicatesAtCoaches}");
        }

        if (ForeignSamplesAtCoaches > 0)
        {
            why.Add($"{ForeignSamplesAtCoaches} samples of other sessions' runners at coaches");
        }

        if ((LostInRecording ?? 0) > 0 || (DuplicatesInRecording ?? 0) > 0)
        {
            why.Add($"recording lost {LostInRecording} dup {DuplicatesInRecording}");
        }

        if (PublishErrors > 0 || ConnectionsClosed > 0)
        {
            why.Add($"publish errors {PublishErrors}, connections closed {ConnectionsClosed}");
        }

        if (UnackedRunners > 0)
        {
            why.Add($"{UnackedRunners} runners not fully acked");
        }

        if (AcceptedSamplesPerSecond < OfferedSamplesPerSecond * 0.97)
        {
            why.Add($"ingest fell behind: {AcceptedSamplesPerSecond:0} of {OfferedSamplesPerSecond:0} samples/s");
        }

        return why;
    }
}
