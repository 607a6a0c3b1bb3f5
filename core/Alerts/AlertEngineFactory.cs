using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Core.Alerts;

/// <summary>
/// Creates a session's <see cref="AlertEngine"/>. No clock is injected on purpose: the engine runs on sample time only.
/// Register as the hub's <see cref="IAlertEngineFactory"/> singleton.
/// </summary>
public sealed class AlertEngineFactory(CueCatalog? catalog = null) : IAlertEngineFactory
{
    public IAlertEngine Create(string sessionId, AlertSettings settings) =>
        new AlertEngine(sessionId, settings ?? AlertSettings.Default, catalog);
}
