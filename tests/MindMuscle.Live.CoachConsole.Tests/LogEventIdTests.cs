using System.Reflection;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Tests;

/// <summary>Log filters and dashboards key on event ids, so no two log messages of the console may share one.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_WholeAssembly_EventIdsAreUnique()
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var messages = typeof(HubTarget).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(All))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        var shared = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}");

        Assert.Empty(shared);
    }
}
