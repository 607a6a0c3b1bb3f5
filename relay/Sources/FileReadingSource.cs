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
public sealed partial class FileReadingSource : IReadingSource
{
    public const string CsvHeader =
        "sessionId,runnerId,runnerName,seq,observedAt,heartRateBpm,rrIntervalsMs,cadenceSpm,speedMps,strideLengthM,distanceM,powerW,groundContactMs,verticalOscillationCm,gctBalanceLeftPct,sensorContact,batteryPct,backfilled";

    private static readonly string[] Columns = CsvHeader.Split(',');
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
            if (_isCsv && !first.Equals(CsvHeader, StringComparison.Ordinal))
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
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = SplitCsv(line);
            if (fields is null || fields.Count != Columns.Length || _runnerIndex.ContainsKey(fields[1]))
            {
                continue;
            }

            _runnerIndex[fields[1]] = names.Count;
            names.Add(fields[2].Length > 0 ? fields[2] : fields[1]);
        }

        return names;
    }

    private bool TryParseCsv(string line, out int runner, out long recordedMs, out MetricSample? sample, out string error)
    {
        runner = 0;
        recordedMs = 0;
        sample = null;
        var f = SplitCsv(line);
        if (f is null || f.Count != Columns.Length)
        {
            error = $"expected {Columns.Length} fields, got {f?.Count.ToString(CultureInfo.InvariantCulture) ?? "an unterminated quote"}";
            return false;
        }

        if (!_runnerIndex.TryGetValue(f[1], out runner))
        {
            error = $"unknown runner '{f[1]}'";
            return false;
        }

        if (!TryParseTime(f[4], out recordedMs))
        {
            error = $"observedAt '{f[4]}' is neither ISO 8601 nor unix milliseconds";
            return false;
        }

        try
        {
            sample = new MetricSample
            {
                HeartRateBpm = Int(f[5]),
                RrIntervalsMs = f[6].Length == 0 ? null : [.. f[6].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))],
                CadenceSpm = Num(f[7]),
                SpeedMps = Num(f[8]),
                StrideLengthM = Num(f[9]),
                DistanceM = Num(f[10]),
                PowerW = Int(f[11]),
                GroundContactMs = Num(f[12]),
                VerticalOscillationCm = Num(f[13]),
                GctBalanceLeftPct = Num(f[14]),
                SensorContact = f[15].Length == 0 ? null : bool.Parse(f[15]),
                BatteryPct = Int(f[16]),
            };
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
        catch (OverflowException ex)
        {
            error = ex.Message;
            return false;
        }

        error = "";
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

    private static bool TryParseTime(string text, out long unixMs)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out unixMs))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            unixMs = at.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }

    private static double? Num(string text) => text.Length == 0 ? null : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int? Int(string text) => text.Length == 0 ? null : int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 fields (quotes around names with commas); null on an unterminated quote.</summary>
    private static List<string>? SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            return null;
        }

        fields.Add(field.ToString().TrimEnd('\r'));
        return fields;
    }

    [LoggerMessage(300, LogLevel.Warning, "{Path} line {Line} skipped: {Reason}", EventName = "FileLineRejected")]
    private static partial void LogRejected(ILogger logger, string path, int line, string reason);
}
