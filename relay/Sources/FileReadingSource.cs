using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Ble;

namespace MindMuscle.Live.Relay.Sources;

/// <summary>
/// <c>file:PATH</c>: replays a recording into a live session, <see cref="ReadingSourceOptions.Speed"/> times faster
/// than recorded, with observation times moved to now. Two formats, told apart by the first line:
/// the hub's CSV export (header <c>sessionId,runnerId,runnerName,seq,observedAt,...</c>; every runner in it becomes a
/// runner of this source, in order of first appearance), or a notification log, one line per notification:
/// <c>offsetMs charUuid hex</c> (e.g. <c>1500 2a37 16960002</c>; <c>#</c> starts a comment), decoded through core/Gatt.
/// A bad line is skipped, counted in <see cref="Rejected"/> and logged; it never ends the replay.
/// </summary>
internal sealed partial class FileReadingSource : IReadingSource
{
    /// <summary>The hub export's header, <see cref="SessionCsv.Header"/>.</summary>
    public const string CsvHeader = SessionCsv.Header;

    private readonly string _path;
    private readonly ReadingSourceOptions _options;
    private readonly ILogger _logger;
    private readonly bool _isCsv;
    private readonly Dictionary<string, int> _runnerIndex = new(StringComparer.Ordinal);
    private long _rejected;

    public FileReadingSource(string path, ReadingSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Speed > 0) || double.IsInfinity(options.Speed))
        {
            throw new ReadingSourceSpecException($"--speed must be a positive number (got {options.Speed}).");
        }

        if (!File.Exists(path))
        {
            throw new ReadingSourceSpecException($"Source file '{path}' does not exist.");
        }

        _path = path;
        _options = options;
        _logger = options.LoggerFactory.CreateLogger<FileReadingSource>();
        try
        {
            var first = File.ReadLines(path).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? "";
            _isCsv = first.StartsWith("sessionId,", StringComparison.Ordinal);
            if (_isCsv && !SessionCsv.IsHeader(first))
            {
                throw new ReadingSourceSpecException($"'{path}' looks like a CSV but its header is not the hub export's: expected {CsvHeader}");
            }

            RunnerNames = _isCsv ? ReadRunners(path) : [options.RunnerName];
        }
        catch (IOException ex)
        {
            throw new ReadingSourceSpecException($"Source file '{path}' could not be read: {ex.Message}", ex);
        }

        if (RunnerNames.Count == 0)
        {
            throw new ReadingSourceSpecException($"'{path}' holds no samples.");
        }
    }

    /// <summary>File sources have no sensors to report on.</summary>
    public event EventHandler<SensorStatusChanged>? SensorStatusChanged
    {
        add { }
        remove { }
    }

    public IReadOnlyList<string> RunnerNames { get; }

    /// <summary>Lines skipped as malformed.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public async IAsyncEnumerable<SourceReading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var time = _options.Time;
        var replayStart = time.GetUtcNow();
        long? firstRecorded = null;
        var codecs = new Dictionary<Guid, GattPayloadCodec>();
        var lineNumber = 0;
        using var reader = new StreamReader(_path);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#') || (_isCsv && lineNumber == 1))
            {
                continue;
            }

            if (!(_isCsv ? TryParseCsv(line, out var runner, out var recordedMs, out var sample, out var error)
                         : TryParseNotification(line, codecs, out runner, out recordedMs, out sample, out error)))
            {
                Interlocked.Increment(ref _rejected);
                LogRejected(_logger, _path, lineNumber, error);
                continue;
            }

            firstRecorded ??= recordedMs;
            var due = replayStart + TimeSpan.FromMilliseconds((recordedMs - firstRecorded.Value) / _options.Speed);
            var wait = due - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            yield return new SourceReading(runner, sample! with { Seq = 0, ObservedAt = due.ToUnixTimeMilliseconds(), Backfilled = false });
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private List<string> ReadRunners(string path)
    {
        var names = new List<string>();
        Span<CsvField> fields = stackalloc CsvField[SessionCsv.ColumnCount];
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (!SessionCsv.TrySplit(line, fields, out var count, out _) || count != SessionCsv.ColumnCount)
            {
                continue;
            }

            var runnerId = SessionCsv.GetString(line, fields[SessionCsv.RunnerIdColumn]);
            if (_runnerIndex.ContainsKey(runnerId))
            {
                continue;
            }

            var name = SessionCsv.GetString(line, fields[SessionCsv.RunnerNameColumn]);
            _runnerIndex[runnerId] = names.Count;
            names.Add(name.Length > 0 ? name : runnerId);
        }

        return names;
    }

    private bool TryParseCsv(string line, out int runner, out long recordedMs, out MetricSample? sample, out string error)
    {
        runner = 0;
        recordedMs = 0;
        sample = null;
        if (!SessionCsv.TryParseRow(line, out SessionCsvRow row, out error))
        {
            return false;
        }

        if (!_runnerIndex.TryGetValue(row.RunnerId, out runner))
        {
            error = $"unknown runner '{row.RunnerId}'";
            return false;
        }

        recordedMs = row.Sample.ObservedAt;
        sample = row.Sample;
        return true;
    }

    private static bool TryParseNotification(string line, Dictionary<Guid, GattPayloadCodec> codecs, out int runner, out long recordedMs, out MetricSample? sample, out string error)
    {
        runner = 0;
        sample = null;
        recordedMs = 0;
        var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
        {
            error = "expected 'offsetMs charUuid hex'";
            return false;
        }

        if (!long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out recordedMs) || recordedMs < 0)
        {
            error = $"offset '{parts[0]}' is not a non-negative number of milliseconds";
            return false;
        }

        if (!GattUuids.TryParse(parts[1], out var uuid))
        {
            error = $"'{parts[1]}' is not a characteristic UUID";
            return false;
        }

        byte[] payload;
        try
        {
            payload = Convert.FromHexString(parts[2]);
        }
        catch (FormatException)
        {
            error = $"'{parts[2]}' is not hex";
            return false;
        }

        if (!codecs.TryGetValue(uuid, out var codec))
        {
            codecs[uuid] = codec = new GattPayloadCodec();
        }

        if (!codec.TryDecode(uuid, payload, DateTimeOffset.UnixEpoch.AddMilliseconds(recordedMs), out sample, out var decodeError))
        {
            error = decodeError ?? "undecodable";
            return false;
        }

        error = "";
        return true;
    }

    [LoggerMessage(620, LogLevel.Warning, "{Path} line {Line} skipped: {Reason}", EventName = "FileLineRejected")]
    private static partial void LogRejected(ILogger logger, string path, int line, string reason);
}
