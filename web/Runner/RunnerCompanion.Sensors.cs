using Microsoft.JSInterop;
using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Web.Runner;

public sealed partial class RunnerCompanion
{
    private readonly Dictionary<int, CadenceNormalizer> _cadence = [];
    private IJSObjectReference? _ble;
    private DotNetObjectReference<RunnerCompanion>? _self;

    /// <summary>This companion as the JS modules call it back (sensors, wake lock).</summary>
    private DotNetObjectReference<RunnerCompanion> Self => _self ??= DotNetObjectReference.Create(this);

    public async Task ConnectSensorAsync(CancellationToken cancellationToken)
    {
        _ble = await BleAsync(cancellationToken);
        if (!await _ble.InvokeAsync<bool>("isAvailable", cancellationToken))
        {
            Update(s => s with
            {
                BluetoothAvailable = false,
                SensorError = "This browser cannot reach Bluetooth sensors: open this page in Chrome on Android (iPhone browsers cannot), or join with the relay below.",
            });
            return;
        }

        try
        {
            var added = await _ble.InvokeAsync<SensorAdded?>("addSensor", cancellationToken, Self);
            Update(s => s with { SensorError = added is null ? "No sensor was picked: tap Connect sensors and choose your strap or footpod." : null });
        }
        catch (JSException ex)
        {
            LogSensorFailed(_logger, ex.Message);
            Update(s => s with { SensorError = $"The sensor could not be connected ({ex.Message}): wear it so it wakes up, then try again." });
        }
    }

    private async Task<IJSObjectReference> BleAsync(CancellationToken cancellationToken) =>
        _ble ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/ble.js");

    /// <summary>Sets up <c>window.mmlCompanionPerf</c> for the benchmark.</summary>
    private async Task ExposePerfAsync(CancellationToken cancellationToken) =>
        await (await BleAsync(cancellationToken)).InvokeVoidAsync("exposePerf", cancellationToken, Self);

    /// <summary>A sensor's link changed (connecting, connected, reconnecting), from <c>js/ble.js</c>.</summary>
    [JSInvokable]
    public void OnSensorState(int sensorId, string name, string state, string? detail)
    {
        var existing = State.Sensors.Find(s => s.Id == sensorId);
        var view = new SensorView(sensorId, name, state, existing?.BatteryPct, detail);
        Update(s => s with { Sensors = existing is null ? s.Sensors.Add(view) : s.Sensors.Replace(existing, view) });
    }

    /// <summary>
    /// A notification's raw bytes from <c>js/ble.js</c>: decoded by core's GATT decoders, written to the outbox (with its
    /// seq) before anything is sent. A payload no decoder accepts is counted and shown, never a crash.
    /// </summary>
    [JSInvokable]
    public async Task OnNotification(int sensorId, string characteristicUuid, byte[] payload)
    {
        var notifiedAt = time.GetTimestamp();
        if (!Guid.TryParse(characteristicUuid, out var characteristic))
        {
            CountMalformed(sensorId, $"unknown characteristic {characteristicUuid}");
            return;
        }

        if (!_cadence.TryGetValue(sensorId, out var cadence))
        {
            _cadence[sensorId] = cadence = new CadenceNormalizer();
        }

        if (!GattSampleDecoder.TryDecode(characteristic, payload, time.GetUtcNow(), cadence, out var sample, out _, out var error))
        {
            CountMalformed(sensorId, error.ToString());
            return;
        }

        Show(sensorId, sample!);
        if (!outbox.IsOpen)
        {
            return;
        }

        try
        {
            var stored = await outbox.AppendAsync([sample!], _lifetime.Token);
            if (stored)
            {
                Perf.Stored(outbox.Stats.LastSeq, outbox.Stats.LastSeq, notifiedAt);
            }

            Update(s => s with { OutboxFull = !stored });
        }
        catch (JSException ex)
        {
            LogAppendFailed(_logger, ex.Message);
            Update(s => s with { OutboxFull = true, ConnectionDetail = $"Readings cannot be stored on this phone ({ex.Message})." });
        }

        RefreshOutbox();
    }

    private void Show(int sensorId, MetricSample sample)
    {
        Update(s =>
        {
            var next = s with
            {
                HeartRateBpm = sample.HeartRateBpm ?? s.HeartRateBpm,
                CadenceSpm = sample.CadenceSpm ?? s.CadenceSpm,
                SpeedMps = sample.SpeedMps ?? s.SpeedMps,
            };
            if (sample.BatteryPct is { } battery && next.Sensors.Find(x => x.Id == sensorId) is { } sensor)
            {
                next = next with { Sensors = next.Sensors.Replace(sensor, sensor with { BatteryPct = battery }) };
            }

            return next;
        });
    }

    private void CountMalformed(int sensorId, string why)
    {
        var name = State.Sensors.Find(s => s.Id == sensorId)?.Name ?? "sensor";
        LogMalformed(_logger, name, why);
        Update(s => s with { Malformed = s.Malformed + 1, LastMalformed = $"{name}: {why}" });
    }

    private async Task DisposeSensorsAsync()
    {
        if (_ble is not null)
        {
            try
            {
                await _ble.InvokeVoidAsync("forgetAll");
                await _ble.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }

        _self?.Dispose();
    }

    /// <summary>What <c>addSensor</c> answers.</summary>
    public sealed record SensorAdded(int Id, string Name);
}
