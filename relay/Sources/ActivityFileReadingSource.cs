using System.Runtime.CompilerServices;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Relay.Sources;

/// <summary>
/// <c>file:PATH.fit</c> or <c>file:PATH.tcx</c>: replays a watch activity into a live session as one runner
/// (<see cref="ReadingSourceOptions.RunnerName"/>), one sample per record (read as <c>coach-console convert</c> reads it),
/// <see cref="ReadingSourceOptions.Speed"/> times faster than recorded, with observation times moved to now.
/// The whole file is read and checked when the source is made, so a damaged file fails before the relay joins.
/// </summary>
internal sealed class ActivityFileReadingSource : IReadingSource
{
    private readonly ReadingSourceOptions _options;
    private readonly List<MetricSample> _samples;

    /// <exception cref="ReadingSourceSpecException">The file is missing, unreadable, not FIT/TCX or holds no records; the message names it.</exception>
    public ActivityFileReadingSource(string path, ReadingSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if (!File.Exists(path))
        {
            throw new ReadingSourceSpecException($"Source file '{path}' does not exist.");
        }

        try
        {
            _samples = Path.GetExtension(path).Equals(".fit", StringComparison.OrdinalIgnoreCase) ? ReadFit(path) : ReadTcx(path);
        }
        catch (IOException ex)
        {
            throw new ReadingSourceSpecException($"Source file '{path}' could not be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ReadingSourceSpecException($"Source file '{path}' could not be read: {ex.Message}", ex);
        }

        if (_samples.Count == 0)
        {
            throw new ReadingSourceSpecException($"'{path}' holds no records to replay (a record needs a timestamp).");
        }

        RunnerNames = [options.RunnerName];
    }

    /// <summary>File sources have no sensors to report on.</summary>
    public event EventHandler<SensorStatusChanged>? SensorStatusChanged
    {
        add { }
        remove { }
    }

    public IReadOnlyList<string> RunnerNames { get; }

    /// <summary>How many records the file holds (each becomes one sample).</summary>
    public int Records => _samples.Count;

    public async IAsyncEnumerable<SourceReading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var time = _options.Time;
        var replayStart = time.GetUtcNow();
        var firstRecorded = _samples[0].ObservedAt;
        foreach (var sample in _samples)
        {
            var due = replayStart + TimeSpan.FromMilliseconds((sample.ObservedAt - firstRecorded) / _options.Speed);
            var wait = due - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            yield return new SourceReading(0, sample with { Seq = 0, ObservedAt = due.ToUnixTimeMilliseconds(), Backfilled = false });
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static List<MetricSample> ReadFit(string path) =>
        FitReader.TryRead(File.ReadAllBytes(path), out var fit, out var error)
            ? [.. fit.Records.Select((r, i) => r.ToSample(i + 1))]
            : throw new ReadingSourceSpecException($"'{path}' is not a readable FIT activity: {error.Message}");

    private static List<MetricSample> ReadTcx(string path)
    {
        using var stream = File.OpenRead(path);
        return TcxReader.TryRead(stream, out var tcx, out var error)
            ? [.. tcx!.Records.Select((r, i) => r.ToSample(i + 1))]
            : throw new ReadingSourceSpecException($"'{path}' is not a readable TCX activity: {error.Message}");
    }
}
