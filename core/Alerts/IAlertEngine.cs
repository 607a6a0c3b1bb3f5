using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Alerts;

/// <summary>
/// The form-alert engine of one session. Fed every accepted sample in seq order per runner; driven on sample time.
/// Not thread-safe: the hub calls one instance from one place at a time.
/// </summary>
public interface IAlertEngine
{
    /// <summary>Feeds one runner's accepted samples (seq order) and appends raised and cleared alerts to <paramref name="events"/>.</summary>
    void Feed(string runnerId, ReadOnlySpan<MetricSample> samples, ICollection<AlertEvent> events);

    /// <summary>
    /// Advances time with no sample (UTC unix ms) so time-based kinds such as <c>sensorLost</c> can fire.
    /// </summary>
    void Tick(long nowUnixMs, ICollection<AlertEvent> events);

    /// <summary>The runner left the session: close its open alerts and forget its state.</summary>
    void RemoveRunner(string runnerId, long atUnixMs, ICollection<AlertEvent> events);

    /// <summary>
    /// A coach's marker of the session (recorded here or on another node, in any order; notes are ignored): rules that
    /// follow reps judge the reps the coach marked (<c>repStart</c>/<c>repEnd</c>), as <c>GET /reps</c> does. A group
    /// marker (no runner) applies to every runner, also to those not seen yet. The same marker id twice counts once.
    /// Engines without rep rules ignore markers.
    /// </summary>
    void OnMarker(Contracts.SessionMarker marker)
    {
    }

    /// <summary>
    /// A rep of the runner found by the caller's detector, for engines made with <see cref="RepSource.Fed"/>: the rep rules
    /// judge it at <paramref name="atMs"/> (the sample time it completed at, after the samples up to it were fed), or, when
    /// <paramref name="judge"/> is false (reps told before, such as those found catching up on the recording), only
    /// remember it. Engines that detect their own reps, or have no rep rules, ignore it.
    /// </summary>
    void OnRep(string runnerId, Track.Rep rep, long atMs, bool judge, ICollection<AlertEvent> events)
    {
    }
}

/// <summary>Creates the engine of a session from the session's settings.</summary>
public interface IAlertEngineFactory
{
    /// <summary>Creates the engine of one session.</summary>
    IAlertEngine Create(string sessionId, AlertSettings settings);
}

/// <summary>An alert raised or cleared.</summary>
public readonly record struct AlertEvent(AlertEventKind Kind, FormAlert Alert);

public enum AlertEventKind
{
    Raised = 0,
    Cleared = 1,
}

/// <summary>An engine that never alerts: the hub's default until a real engine is registered.</summary>
public sealed class NullAlertEngine : IAlertEngine, IAlertEngineFactory
{
    public static NullAlertEngine Instance { get; } = new();

    public IAlertEngine Create(string sessionId, AlertSettings settings) => this;

    public void Feed(string runnerId, ReadOnlySpan<MetricSample> samples, ICollection<AlertEvent> events)
    {
    }

    public void Tick(long nowUnixMs, ICollection<AlertEvent> events)
    {
    }

    public void RemoveRunner(string runnerId, long atUnixMs, ICollection<AlertEvent> events)
    {
    }
}
