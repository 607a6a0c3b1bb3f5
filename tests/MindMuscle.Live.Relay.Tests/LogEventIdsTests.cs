using System.Reflection;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Relay.Outbox;

namespace MindMuscle.Live.Relay.Tests;

public sealed class LogEventIdsTests
{
    [Fact]
    public void LoggerMessages_AcrossTheRelayAssembly_HaveUniqueEventIds()
    {
        var messages = LoggerMessages().ToList();

        var duplicates = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Where))}").ToList();

        Assert.True(messages.Count >= 20, $"found only {messages.Count} [LoggerMessage] methods; is the reflection looking in the right place?");
        Assert.Empty(duplicates);
    }

    [Fact]
    public void LoggerMessages_AcrossTheRelayAssembly_HaveUniqueEventNames()
    {
        var duplicates = LoggerMessages().Where(m => m.Name is not null).GroupBy(m => m.Name).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Where))}").ToList();

        Assert.Empty(duplicates);
    }

    private static IEnumerable<(int Id, string? Name, string Where)> LoggerMessages() =>
        typeof(SqliteOutbox).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.EventId, x.Attribute.EventName, $"{x.Method.DeclaringType!.Name}.{x.Method.Name}"));
}
