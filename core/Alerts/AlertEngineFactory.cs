using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Core.Alerts;

/// <summary>
/// Creates a session's <see cref="AlertEngine"/>. No clock is injected on purpose: the engine runs on sample time only.
/// Register as the hub's <see cref="IAlertEngineFactory"/> singleton.
/// </summary>
/// <param name="catalog">The cues to suggest (the shared catalog by default).</param>
/// <param name="reps">Where the engines' rep rules get their reps.</param>
public sealed class AlertEngineFactory(CueCatalog? catalog = null, RepSource reps = RepSource.Detect) : IAlertEngineFactory
{
    public IAlertEngine Create(string sessionId, AlertSettings settings) =>
        new AlertEngine(sessionId, settings ?? AlertSettings.Default, catalog, reps);
}
