using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

/// <summary>Plays a warmed-up runner through an engine, changes it, and returns what the rules raised and cleared.</summary>
internal static class RuleTestRun
{
    /// <summary>Warm-up, then <paramref name="change"/> held for <paramref name="seconds"/>; the events after the warm-up.</summary>
    public static List<AlertEvent> AfterWarmup(AlertSettings settings, Action<RunScript> change, int seconds = 60)
    {
        var engine = new AlertEngine("s1", settings);
        var script = new RunScript().WarmUp();
        engine.FeedFrom(script);
        var from = script.Samples.Count;
        change(script);
        return engine.FeedFrom(script.Run(seconds), from);
    }
}
