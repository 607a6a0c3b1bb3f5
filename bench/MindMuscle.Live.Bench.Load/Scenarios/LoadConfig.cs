using MindMuscle.Live.Bench.Load.Hosting;

namespace MindMuscle.Live.Bench.Load.Scenarios;

/// <summary>Which hub a run measures.</summary>
internal enum HubKind
{
    /// <summary>bench/MindMuscle.Live.Bench.BareHub: plain group broadcast, no auth; recording only with <see cref="LoadConfig.BareRecord"/>.</summary>
    Bare,

    /// <summary>hub/: the product path (auth, validation, fan-out, alerts, recording).</summary>
    Product,
}

internal enum WireProtocol
{
    Json,
    MessagePack,
}

/// <summary>
/// One load configuration: R runners publishing at H Hz over one protocol, spread evenly over S sessions (runners
/// 0..R/S-1 in the first, and so on), each session watched by its own C coaches. S = 1 is every runner in one session.
/// </summary>
internal sealed record LoadConfig
{
    public HubKind Hub { get; init; } = HubKind.Bare;

    /// <summary>
    /// Bare hub only: it records every accepted sample durably (SQLite, WAL, synchronous=FULL, group commit) and acks
    /// after the commit, as the product does, so the comparison is between two hubs that both record.
    /// </summary>
    public bool BareRecord { get; init; }

    public WireProtocol Protocol { get; init; } = WireProtocol.Json;

    public int Runners { get; init; } = 100;

    public double Hz { get; init; } = 4;

    /// <summary>Coaches watching each session.</summary>
    public int Coaches { get; init; } = 10;

    /// <summary>Sessions the runners are spread over (the real shape: many sessions of a few runners, 1-3 coaches each).</summary>
    public int Sessions { get; init; } = 1;

    public int RunnersPerSession => Runners / Math.Max(1, Sessions);

    /// <summary>In what order the publishing loop ticks the runners within a period (<c>--tick-order</c>); the default is the earlier figures' order.</summary>
    public TickOrder TickOrder { get; init; } = TickOrder.Sessions;

    /// <summary>Seeds the runners' phases of <see cref="TickOrder.Random"/> (<c>--seed</c>).</summary>
    public int Seed { get; init; } = 1;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most samples a runner puts in one Publish when its previous publish is still in flight.</summary>
    public int MaxBatch { get; init; } = 50;

    /// <summary>Publish calls a runner keeps in flight (the relay's <c>Uplink:MaxInFlight</c>, default 4).</summary>
    public int MaxInFlight { get; init; } = 4;

    /// <summary>A cue goes out this often, each to the next session in turn (from its coach 0) and there to its next runner; 0 = no cues.</summary>
    public TimeSpan CueInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The most the generator's publishing loop may fall behind its schedule in the window before the run is flagged
    /// "gen behind": its coaches read on the same threads, so a stall that long can put samples over the breaking
    /// point's p99 limit by itself (the default is that limit; at 4 Hz it is also a whole sample period).
    /// </summary>
    public double GeneratorLagLimitMs { get; init; } = 250;

    /// <summary>
    /// How the bench listens to the hub's meter (<c>--hub-meters</c>), both hubs alike. The default, counters only,
    /// keeps the dropped-samples check and costs the hub nothing measurable; the whole meter's histograms made the
    /// product rebuild their aggregations every second, ~1/3 of what survived its gen0 collections, which the bare hub
    /// (no meter) never paid.
    /// </summary>
    public HubMeterMode HubMeters { get; init; } = HubMeterMode.Counters;

    /// <summary>Hub on one core, generator on the other (<c>--pin</c>), for both hubs alike.</summary>
    public bool Pin { get; init; }

    /// <summary>How many runners connect/join at once while setting up.</summary>
    public int ConnectConcurrency { get; init; } = 32;

    /// <summary>After publishing stops: how long to wait for outstanding acks and frames.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>"bare", "bare+record" or "product": the hub as the tables and the JSON name it.</summary>
    public string HubName => Hub == HubKind.Product ? "product" : BareRecord ? "bare+record" : "bare";

    /// <summary>The tick order as the label and the header name it ("random seed N" with its seed).</summary>
    public string TickOrderName => TickOrder switch
    {
        TickOrder.Interleaved => "interleaved",
        TickOrder.Random => $"random seed {Seed}",
        _ => "sessions",
    };

    public string Label => $"{char.ToUpperInvariant(HubName[0])}{HubName[1..]} {Protocol} "
        + (Sessions > 1 ? $"S={Sessions} x R={RunnersPerSession} H={Hz} C={Coaches}/session" : $"R={Runners} H={Hz} C={Coaches}")
        + $" ticks={TickOrderName}";
}
