using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Core.Tests.Alerts;

internal static class AlertEngineTestExtensions
{
    public const string RunnerId = "r1";

    /// <summary>Feeds the script's samples from <paramref name="from"/> on, one at a time as the hub would, and returns the events.</summary>
    public static List<AlertEvent> FeedFrom(this IAlertEngine engine, RunScript script, int from = 0)
    {
        var events = new List<AlertEvent>();
        var samples = script.Samples;
        for (var i = from; i < samples.Count; i++)
        {
            engine.Feed(RunnerId, [samples[i]], events);
        }

        return events;
    }

    public static IEnumerable<FormAlert> Raised(this IEnumerable<AlertEvent> events, AlertKind kind) =>
        events.Where(e => e.Kind == AlertEventKind.Raised && e.Alert.Kind == kind).Select(e => e.Alert);

    public static IEnumerable<FormAlert> Cleared(this IEnumerable<AlertEvent> events, AlertKind kind) =>
        events.Where(e => e.Kind == AlertEventKind.Cleared && e.Alert.Kind == kind).Select(e => e.Alert);
}
