using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MindMuscle.Live.Hub.Tests.ScaleOut;

/// <summary>
/// The hubs' Redis log lines (session bus, backplane connection events, SignalR's Redis lifetime manager) and cue
/// delivery failures, with the time
/// since the pair started, so a slow recovery's failure message says which connection came back when.
/// </summary>
internal sealed class RedisTimeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _lines = new();

    public TimeSpan Now => _clock.Elapsed;

    public void Mark(string what) => _lines.Enqueue($"{_clock.Elapsed.TotalSeconds,7:0.000} s test: {what}");

    public override string ToString() => string.Join(Environment.NewLine, _lines);

    /// <summary>The log provider of one hub, whose lines carry its name.</summary>
    public ILoggerProvider For(string hub) => new Provider(this, hub);

    /// <summary>The log provider of one hub (registered as a type so a filter rule can name it).</summary>
    internal sealed class Provider(RedisTimeline timeline, string hub) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName.Contains("ScaleOut", StringComparison.Ordinal) || categoryName.Contains("StackExchangeRedis", StringComparison.Ordinal)
                || categoryName.EndsWith(".CueService", StringComparison.Ordinal) // a cue the backplane could not take (event 401)
                ? new Logger(timeline, $"{hub} {categoryName[(categoryName.LastIndexOf('.') + 1)..]}")
                : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }
    }

    private sealed class Logger(RedisTimeline timeline, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            timeline._lines.Enqueue($"{timeline._clock.Elapsed.TotalSeconds,7:0.000} s {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
    }
}
