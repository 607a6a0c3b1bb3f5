using Microsoft.Extensions.Logging;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>The production provider: the sensors part's <see cref="ReadingSourceFactory"/>.</summary>
internal static class DefaultReadingSources
{
    public static ReadingSourceProvider Create(ILoggerFactory loggerFactory, TimeProvider time) =>
        request => ReadingSourceFactory.Create(request.Spec, new ReadingSourceOptions
        {
            RunnerName = string.IsNullOrWhiteSpace(request.Name) ? "Runner" : request.Name,
            Runners = request.Runners,
            Speed = request.Speed,
            Time = time,
            LoggerFactory = loggerFactory,
        });
}
