using System.Collections.Concurrent;
using System.Text.Json;

namespace MindMuscle.Live.Browser.Tests.Runner;

/// <summary>
/// A Bluetooth peripheral emulated through the DevTools protocol (<c>BluetoothEmulation</c> on the browser session, the
/// chooser through <c>DeviceAccess</c> on the page session). There is no command that pushes a notification: the page's
/// <c>readAll()</c> reads the characteristic and the read is answered with the next payload, which Chromium delivers
/// as <c>characteristicvaluechanged</c>, the path a real strap's notification takes.
/// </summary>
public sealed class EmulatedSensor : IAsyncDisposable
{
    private const string Cccd = "00002902-0000-1000-8000-00805f9b34fb";

    private readonly ICDPSession _browser;
    private readonly string _serviceUuid;
    private readonly string _characteristicUuid;
    private readonly ConcurrentQueue<byte[]> _payloads = new();
    private readonly ConcurrentDictionary<string, bool> _selectedPrompts;
    private readonly ConcurrentDictionary<string, bool> _ids = new();
    private readonly byte[] _idle;
    private readonly bool _ownsAdapter;
    private readonly List<string> _errors = [];
    private int _services;
    private int _pickable;
    private bool _enabled;
    private ICDPSession? _page;
    private readonly EmulatedSensor? _alongside;

    private EmulatedSensor(
        ICDPSession browser, string address, string name, string serviceUuid, string characteristicUuid, byte[] idle, EmulatedSensor? alongside)
    {
        _browser = browser;
        Address = address;
        Name = name;
        _serviceUuid = serviceUuid;
        _characteristicUuid = characteristicUuid;
        _idle = idle;
        _ownsAdapter = alongside is null;
        _alongside = alongside;
        // One chooser prompt is answered once, by one sensor: Chromium aborts on a second pick.
        _selectedPrompts = alongside?._selectedPrompts ?? new();
    }

    public string Address { get; }

    public string Name { get; }

    /// <summary>Reads answered so far (each one a delivered payload).</summary>
    public int ReadsAnswered { get; private set; }

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>A heart-rate strap (service 0x180D, Heart Rate Measurement 0x2A37) preconnected to the emulated adapter.</summary>
    public static Task<EmulatedSensor> HeartRateStrapAsync(IBrowser browser, string address, string name) =>
        CreateAsync(browser, address, name, Uuid(0x180D), Uuid(0x2A37), HeartRate(60), alongside: null);

    /// <summary>
    /// A running footpod (service 0x1814, RSC Measurement 0x2A53) on the same emulated adapter as
    /// <paramref name="alongside"/> (attach that one first: its attach powers the adapter on).
    /// </summary>
    public static Task<EmulatedSensor> FootpodAsync(IBrowser browser, EmulatedSensor alongside, string address, string name) =>
        CreateAsync(browser, address, name, Uuid(0x1814), Uuid(0x2A53), Rsc(3.0, 170), alongside);

    public static string Uuid(int shortId) => $"0000{shortId:x4}-0000-1000-8000-00805f9b34fb";

    /// <summary>Heart Rate Measurement bytes: flags 0 (uint8 bpm, no contact, no energy, no RR), then the bpm.</summary>
    public static byte[] HeartRate(int bpm) => [0x00, (byte)bpm];

    /// <summary>
    /// RSC Measurement bytes: flags 0x04 (running; no stride, no distance), speed uint16 LE in 1/256 m/s, cadence uint8
    /// (steps/min here: a raw value over 120 while running is whole steps).
    /// </summary>
    public static byte[] Rsc(double speedMps, int cadence)
    {
        var speed = (ushort)Math.Round(speedMps * 256);
        return [0x04, (byte)(speed & 0xFF), (byte)(speed >> 8), (byte)cadence];
    }

    /// <summary>
    /// Lets the page's chooser pick this sensor, by address (the prompt lists an emulated device without its name), once
    /// per prompt: Chromium aborts on a second pick.
    /// </summary>
    /// <remarks>
    /// Also powers the emulated adapter on (again) and puts the sensor in range: after a reload the page finds no
    /// adapter until the emulation is restarted, so a test attaches again after each navigation.
    /// </remarks>
    public async Task AttachToAsync(IBrowserContext context, IPage page)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Exchange(ref _services, 0);
        Interlocked.Exchange(ref _pickable, 1);
        _ids.Clear();
        if (_ownsAdapter)
        {
            if (_enabled)
            {
                await _browser.SendAsync("BluetoothEmulation.disable");
            }

            _enabled = true;
            await _browser.SendAsync("BluetoothEmulation.enable", new() { ["state"] = "powered-on", ["leSupported"] = true });
        }

        await _browser.SendAsync("BluetoothEmulation.simulatePreconnectedPeripheral", new()
        {
            ["address"] = Address,
            ["name"] = Name,
            ["manufacturerData"] = Array.Empty<object>(),
            ["knownServiceUuids"] = new[] { _serviceUuid },
        });
        ICDPSession session;
        if (_alongside is not null)
        {
            // Chromium hands a chooser prompt to one page session only: sensors on one adapter answer through the first's.
            session = _alongside._page ?? throw new InvalidOperationException("Attach the first sensor of the adapter before this one.");
        }
        else
        {
            if (_page is not null)
            {
                // The previous document's session would race this one for the prompt.
                await _page.DetachAsync();
            }

            session = _page = await context.NewCDPSessionAsync(page);
        }

        session.Event("DeviceAccess.deviceRequestPrompted").OnEvent += (_, e) => Guard(async () =>
        {
            var id = e!.Value.GetProperty("id").GetString()!;
            var device = e.Value.GetProperty("devices").EnumerateArray()
                .FirstOrDefault(d => d.GetProperty("id").GetString() == Address);
            // A sensor is picked once per attach (a second tap of the chooser picks the other sensor).
            if (device.ValueKind == JsonValueKind.Undefined || Volatile.Read(ref _pickable) == 0 || !_selectedPrompts.TryAdd(id, true))
            {
                return;
            }

            Interlocked.Exchange(ref _pickable, 0);

            await session.SendAsync("DeviceAccess.selectPrompt", new() { ["id"] = id, ["deviceId"] = device.GetProperty("id").GetString()! });
        });
        if (_alongside is null)
        {
            await session.SendAsync("DeviceAccess.enable");
        }
    }

    /// <summary>Switches the emulation off: it is the browser's, and the next test enables its own.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_enabled)
        {
            await _browser.SendAsync("BluetoothEmulation.disable");
        }

        if (_ownsAdapter)
        {
            await _browser.DetachAsync();
        }
    }

    /// <summary>The next read of the characteristic answers with <paramref name="payload"/>.</summary>
    public void Queue(byte[] payload) => _payloads.Enqueue(payload);

    /// <summary>Drops the link as a strap out of range would (the page sees <c>gattserverdisconnected</c>).</summary>
    /// <remarks>The emulated peripheral forgets its GATT database with the link: the next discovery builds it again.</remarks>
    public async Task DisconnectAsync()
    {
        Interlocked.Exchange(ref _services, 0);
        await _browser.SendAsync("BluetoothEmulation.simulateGATTDisconnection", new() { ["address"] = Address });
    }

    private static async Task<EmulatedSensor> CreateAsync(
        IBrowser browser, string address, string name, string service, string characteristic, byte[] idle, EmulatedSensor? alongside)
    {
        ArgumentNullException.ThrowIfNull(browser);
        // Sensors on one adapter share its browser session (the emulation is the browser's); each answers its own ids.
        var session = alongside?._browser ?? await browser.NewBrowserCDPSessionAsync();
        var sensor = new EmulatedSensor(session, address, name, service, characteristic, idle, alongside);
        session.Event("BluetoothEmulation.gattOperationReceived").OnEvent += (_, e) => sensor.Guard(() => sensor.OnGattOperationAsync(e!.Value));
        session.Event("BluetoothEmulation.characteristicOperationReceived").OnEvent += (_, e) => sensor.Guard(() => sensor.OnCharacteristicOperationAsync(e!.Value));
        session.Event("BluetoothEmulation.descriptorOperationReceived").OnEvent += (_, e) => sensor.Guard(() => sensor.OnDescriptorOperationAsync(e!.Value));
        return sensor;
    }

    private async Task OnGattOperationAsync(JsonElement e)
    {
        if (e.GetProperty("address").GetString() != Address)
        {
            return;
        }

        var type = e.GetProperty("type").GetString()!;
        if (type == "discovery" && Interlocked.Increment(ref _services) == 1)
        {
            var service = await _browser.SendAsync("BluetoothEmulation.addService", new() { ["address"] = Address, ["serviceUuid"] = _serviceUuid });
            var serviceId = service!.Value.GetProperty("serviceId").GetString()!;
            var characteristic = await _browser.SendAsync("BluetoothEmulation.addCharacteristic", new()
            {
                ["serviceId"] = serviceId,
                ["characteristicUuid"] = _characteristicUuid,
                ["properties"] = new Dictionary<string, object> { ["notify"] = true, ["read"] = true },
            });
            var characteristicId = characteristic!.Value.GetProperty("characteristicId").GetString()!;
            _ids[characteristicId] = true;
            var descriptor = await _browser.SendAsync("BluetoothEmulation.addDescriptor", new() { ["characteristicId"] = characteristicId, ["descriptorUuid"] = Cccd });
            _ids[descriptor!.Value.GetProperty("descriptorId").GetString()!] = true;
        }

        await _browser.SendAsync("BluetoothEmulation.simulateGATTOperationResponse", new() { ["address"] = Address, ["type"] = type, ["code"] = 0 });
    }

    private async Task OnCharacteristicOperationAsync(JsonElement e)
    {
        if (!_ids.ContainsKey(e.GetProperty("characteristicId").GetString()!))
        {
            return;
        }

        var type = e.GetProperty("type").GetString()!;
        var answer = new Dictionary<string, object>
        {
            ["characteristicId"] = e.GetProperty("characteristicId").GetString()!, ["type"] = type, ["code"] = 0,
        };
        if (type == "read")
        {
            answer["data"] = Convert.ToBase64String(_payloads.TryDequeue(out var payload) ? payload : _idle);
            ReadsAnswered++;
        }

        await _browser.SendAsync("BluetoothEmulation.simulateCharacteristicOperationResponse", answer);
    }

    private async Task OnDescriptorOperationAsync(JsonElement e)
    {
        if (!_ids.ContainsKey(e.GetProperty("descriptorId").GetString()!))
        {
            return;
        }

        var type = e.GetProperty("type").GetString()!;
        var answer = new Dictionary<string, object> { ["descriptorId"] = e.GetProperty("descriptorId").GetString()!, ["type"] = type, ["code"] = 0 };
        if (type == "read")
        {
            answer["data"] = Convert.ToBase64String([0x00, 0x00]);
        }

        await _browser.SendAsync("BluetoothEmulation.simulateDescriptorOperationResponse", answer);
    }

    private async void Guard(Func<Task> handler)
    {
        try
        {
            await handler();
        }
#pragma warning disable CA1031 // an emulation error is recorded for the test's failure message, not thrown on the event thread
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (_errors)
            {
                _errors.Add(ex.Message);
            }
        }
    }
}
