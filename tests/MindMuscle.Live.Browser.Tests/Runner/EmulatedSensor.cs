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
    private readonly ConcurrentDictionary<string, bool> _selectedPrompts = new();
    private readonly List<string> _errors = [];
    private int _services;
    private bool _enabled;
    private ICDPSession? _page;

    private EmulatedSensor(ICDPSession browser, string address, string name, string serviceUuid, string characteristicUuid)
    {
        _browser = browser;
        Address = address;
        Name = name;
        _serviceUuid = serviceUuid;
        _characteristicUuid = characteristicUuid;
    }

    public string Address { get; }

    public string Name { get; }

    /// <summary>Reads answered so far (each one a delivered payload).</summary>
    public int ReadsAnswered { get; private set; }

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>A heart-rate strap (service 0x180D, Heart Rate Measurement 0x2A37) preconnected to the emulated adapter.</summary>
    public static Task<EmulatedSensor> HeartRateStrapAsync(IBrowser browser, string address, string name) =>
        CreateAsync(browser, address, name, Uuid(0x180D), Uuid(0x2A37));

    public static string Uuid(int shortId) => $"0000{shortId:x4}-0000-1000-8000-00805f9b34fb";

    /// <summary>Heart Rate Measurement bytes: flags 0 (uint8 bpm, no contact, no energy, no RR), then the bpm.</summary>
    public static byte[] HeartRate(int bpm) => [0x00, (byte)bpm];

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
        if (_enabled)
        {
            await _browser.SendAsync("BluetoothEmulation.disable");
        }

        _enabled = true;
        await _browser.SendAsync("BluetoothEmulation.enable", new() { ["state"] = "powered-on", ["leSupported"] = true });
        await _browser.SendAsync("BluetoothEmulation.simulatePreconnectedPeripheral", new()
        {
            ["address"] = Address,
            ["name"] = Name,
            ["manufacturerData"] = Array.Empty<object>(),
            ["knownServiceUuids"] = new[] { _serviceUuid },
        });
        if (_page is not null)
        {
            // The previous document's session would race this one for the prompt.
            await _page.DetachAsync();
        }

        var session = _page = await context.NewCDPSessionAsync(page);
        session.Event("DeviceAccess.deviceRequestPrompted").OnEvent += (_, e) => Guard(async () =>
        {
            var id = e!.Value.GetProperty("id").GetString()!;
            var device = e.Value.GetProperty("devices").EnumerateArray()
                .FirstOrDefault(d => d.GetProperty("id").GetString() == Address);
            if (device.ValueKind == JsonValueKind.Undefined || !_selectedPrompts.TryAdd(id, true))
            {
                return;
            }

            await session.SendAsync("DeviceAccess.selectPrompt", new() { ["id"] = id, ["deviceId"] = device.GetProperty("id").GetString()! });
        });
        await session.SendAsync("DeviceAccess.enable");
    }

    /// <summary>Switches the emulation off: it is the browser's, and the next test enables its own.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_enabled)
        {
            await _browser.SendAsync("BluetoothEmulation.disable");
        }

        await _browser.DetachAsync();
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

    private static async Task<EmulatedSensor> CreateAsync(IBrowser browser, string address, string name, string service, string characteristic)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var session = await browser.NewBrowserCDPSessionAsync();
        var sensor = new EmulatedSensor(session, address, name, service, characteristic);
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
            await _browser.SendAsync("BluetoothEmulation.addDescriptor", new() { ["characteristicId"] = characteristicId, ["descriptorUuid"] = Cccd });
        }

        await _browser.SendAsync("BluetoothEmulation.simulateGATTOperationResponse", new() { ["address"] = Address, ["type"] = type, ["code"] = 0 });
    }

    private async Task OnCharacteristicOperationAsync(JsonElement e)
    {
        var type = e.GetProperty("type").GetString()!;
        var answer = new Dictionary<string, object>
        {
            ["characteristicId"] = e.GetProperty("characteristicId").GetString()!, ["type"] = type, ["code"] = 0,
        };
        if (type == "read")
        {
            answer["data"] = Convert.ToBase64String(_payloads.TryDequeue(out var payload) ? payload : HeartRate(60));
            ReadsAnswered++;
        }

        await _browser.SendAsync("BluetoothEmulation.simulateCharacteristicOperationResponse", answer);
    }

    private async Task OnDescriptorOperationAsync(JsonElement e)
    {
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
