using System.Reflection;
using Microsoft.Extensions.Logging;

namespace MindMuscle.Live.Hub.Tests;

public sealed class LogEventIdsTests
{
    [Fact]
    public void LoggerMessages_AcrossTheHubAssembly_HaveUniqueEventIds()
    {
        var messages = typeof(HubOptions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        var duplicates = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}");

        Assert.True(messages.Count >= 20, $"found only {messages.Count} [LoggerMessage] methods");
        Assert.Empty(duplicates);
        Assert.All(messages, m => Assert.True(m.Attribute!.EventId > 0, $"{m.Method} has no event id"));
    }
}
