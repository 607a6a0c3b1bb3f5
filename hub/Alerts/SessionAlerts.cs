using System.Collections.Concurrent;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Track;

namespace MindMuscle.Live.Hub.Alerts;

/// <summary>
/// A session's alert state: its engine (not thread-safe, created by the given factory on first use) with what the hub keeps beside it,
/// reached only through <see cref="Enter"/>, and the open alerts coaches see (readable from anywhere).
/// </summary>
internal sealed class SessionAlerts
{
    private readonly Lock _gate = new();
    private readonly string _sessionId;
    private readonly AlertSettings _settings;
    private readonly IAlertEngineFactory _engines;
    private EngineState? _engine;

    public SessionAlerts(string sessionId, AlertSettings settings, IEnumerable<FormAlert> open, IAlertEngineFactory engines)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(engines);
        _sessionId = sessionId;
        _settings = settings;
        _engines = engines;
        foreach (var alert in open)
        {
            Open[alert.AlertId] = alert;
        }
    }

    /// <summary>Open alerts by id, as the coaches see them (snapshots, cue requests naming an alert).</summary>
    public ConcurrentDictionary<string, FormAlert> Open { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Batches published while another thread held the gate, in arrival order: the gate's holder feeds them before it
    /// lets go, so a publisher never waits (or spins) for the gate.
    /// </summary>
    public ConcurrentQueue<PendingFeed> Pending { get; } = new();

    /// <summary>Takes the engine's gate if nobody holds it; the caller must <see cref="Exit"/> and then feed what is pending.</summary>
    /// <param name="engine">The session's engine and the hub's notes about it.</param>
    public bool TryEnter([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EngineState? engine)
    {
        if (!_gate.TryEnter())
        {
            engine = null;
            return false;
        }

        try
        {
            engine = _engine ??= new EngineState(_engines.Create(_sessionId, _settings));
        }
        catch
        {
            _gate.Exit();
            throw;
        }

        return true;
    }

    /// <summary>Leaves the gate taken by <see cref="TryEnter"/> or <see cref="Enter"/>.</summary>
    public void Exit() => _gate.Exit();

    /// <summary>
    /// Waits for the engine's gate; the caller must <see cref="Exit"/>. Only the coordinator's scope calls it, so that
    /// every exit feeds what was queued meanwhile.
    /// </summary>
    /// <param name="engine">The session's engine and the hub's notes about it.</param>
    public void Enter(out EngineState engine)
    {
        _gate.Enter();
        try
        {
            engine = _engine ??= new EngineState(_engines.Create(_sessionId, _settings));
        }
        catch
        {
            _gate.Exit();
            throw;
        }
    }

    /// <summary>
    /// One runner's accepted samples waiting for the engine, or (with <see cref="Reps"/>) the reps its live track found in
    /// them, to judge (<see cref="Judge"/>) or only remember (found catching up on the recording).
    /// </summary>
    internal readonly record struct PendingFeed(string RunnerId, MetricSample[] Samples, FoundRep[]? Reps = null, bool Judge = false);

    /// <summary>A session's engine and the hub's notes about it; used only inside <see cref="Enter"/>.</summary>
    internal sealed class EngineState(IAlertEngine engine)
    {
        public IAlertEngine Engine { get; } = engine;

        /// <summary>Runners whose engine and policy state was dropped after they left (forgotten once, again only after they came back).</summary>
        public HashSet<string> Forgotten { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// Ids of the open alerts this process's engine raised. An open alert not in it was loaded from the recording
        /// after a restart: the fresh engine will never clear it.
        /// </summary>
        public HashSet<string> EngineOpen { get; } = new(StringComparer.Ordinal);

        /// <summary>Whether the session's markers recorded before this engine existed were given to it.</summary>
        public bool MarkersApplied { get; set; }

        /// <summary>Whether alerts left open by a previous hub process were closed (first tick).</summary>
        public bool AdoptedRecording { get; set; }

        /// <summary>The engine's event list for one feed, reused (a feed rarely raises anything).</summary>
        public List<AlertEvent> FeedEvents { get; } = [];
    }
}
