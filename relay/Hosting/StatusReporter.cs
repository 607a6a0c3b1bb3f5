using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Hosting;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>
/// Prints the status once a second: one line rewritten in place on a terminal (a new line every 5 s when redirected), or
/// with <c>--json</c> one JSON object per line: <c>status</c> every second, <c>cue</c> and <c>sensor</c> as they happen.
/// </summary>
internal sealed class StatusReporter : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly StatusBoard _board;
    private readonly TextWriter _out;
    private readonly bool _json;
    private readonly bool _terminal;
    private readonly TimeProvider _time;
    private readonly Lock _writeGate = new();

    public StatusReporter(StatusBoard board, CueStatusRouter cues, RelayConsole console, RunOptions run, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(cues);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        var json = run.Json;
        _board = board;
        _out = console.Out;
        _terminal = console.IsTerminal;
        _json = json;
        _time = time;
        if (json)
        {
            cues.Reported += (_, e) => WriteJson(new CueEvent(e.RunnerIndex, e.Report.CueId, e.Report.Status, e.Report.Detail, Now()));
            board.SensorChanged += (_, c) => WriteJson(new SensorEvent(c.RunnerIndex, c.Sensor, c.State, c.DeviceName, c.BatteryPct, Now()));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        var tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Write(tick++ % 5 == 0);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Write(newLine: true);
    }

    private void Write(bool newLine)
    {
        var status = _board.Snapshot();
        if (_json)
        {
            WriteJson(status);
            return;
        }

        var line = StatusBoard.Format(status, _time.LocalTimeZone);
        lock (_writeGate)
        {
            if (_terminal)
            {
                _out.Write("\r\u001b[2K" + line);
                _out.Flush();
            }
            else if (newLine)
            {
                _out.WriteLine(line);
                _out.Flush();
            }
        }
    }

    private void WriteJson<T>(T value)
    {
        var json = JsonSerializer.Serialize(value, Json);
        lock (_writeGate)
        {
            _out.WriteLine(json);
            _out.Flush();
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed record CueEvent(
        [property: JsonPropertyName("runnerIndex")] int RunnerIndex,
        [property: JsonPropertyName("cueId")] string CueId,
        [property: JsonPropertyName("status")] CueStatus Status,
        [property: JsonPropertyName("detail")] string? Detail,
        [property: JsonPropertyName("at")] long At)
    {
        [JsonPropertyName("type")] public string Type { get; init; } = "cue";
    }

    private sealed record SensorEvent(
        [property: JsonPropertyName("runnerIndex")] int RunnerIndex,
        [property: JsonPropertyName("sensor")] SensorKind Sensor,
        [property: JsonPropertyName("state")] SensorState State,
        [property: JsonPropertyName("device")] string? Device,
        [property: JsonPropertyName("batteryPct")] int? BatteryPct,
        [property: JsonPropertyName("at")] long At)
    {
        [JsonPropertyName("type")] public string Type { get; init; } = "sensor";
    }
}
