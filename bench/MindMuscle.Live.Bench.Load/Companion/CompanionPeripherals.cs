using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace MindMuscle.Live.Bench.Load.Companion;

/// <summary>
/// A heart-rate strap and a footpod on Chromium's emulated Bluetooth adapter (DevTools <c>BluetoothEmulation</c> on the
/// browser session, the chooser through <c>DeviceAccess</c> on the page's). A reading is a read of the characteristic
/// answered with the next payload, which Chromium delivers to the page as a notification (as in the browser tests).
/// </summary>
internal sealed class CompanionPeripherals : IAsyncDisposable
{
    private const string Cccd = "00002902-0000-1000-8000-00805f9b34fb";
    private const string Strap = "0A:0A:0A:0A:0A:01";
    private const string Footpod = "0A:0A:0A:0A:0A:02";

    private readonly ICDPSession _browser;
    private readonly ConcurrentDictionary<string, string> _characteristicOwner = new();
    private readonly ConcurrentDictionary<string, bool> _discovered = new();
    private readonly ConcurrentDictionary<string, bool> _picked = new();
    private readonly ConcurrentDictionary<string, bool> _prompts = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private long _reads;

    private CompanionPeripherals(ICDPSession browser) => _browser = browser;

    public long Reads => Interlocked.Read(ref _reads);

    public IEnumerable<string> Errors => _errors;

    public static async Task<CompanionPeripherals> StartAsync(IBrowser browser, IBrowserContext context, IPage page)
    {
        var session = await browser.NewBrowserCDPSessionAsync();
        var peripherals = new CompanionPeripherals(session);
        session.Event("BluetoothEmulation.gattOperationReceived").OnEvent += (_, e) => peripherals.Guard(() => peripherals.OnGattAsync(e!.Value));
        session.Event("BluetoothEmulation.characteristicOperationReceived").OnEvent += (_, e) => peripherals.Guard(() => peripherals.OnCharacteristicAsync(e!.Value));
        session.Event("BluetoothEmulation.descriptorOperationReceived").OnEvent += (_, e) => peripherals.Guard(() => peripherals.OnDescriptorAsync(e!.Value));
        await session.SendAsync("BluetoothEmulation.enable", new() { ["state"] = "powered-on", ["leSupported"] = true });
        foreach (var (address, name, service) in new[] { (Strap, "Bench HRM", Uuid(0x180D)), (Footpod, "Bench Pod", Uuid(0x1814)) })
        {
            await session.SendAsync("BluetoothEmulation.simulatePreconnectedPeripheral", new()
            {
                ["address"] = address, ["name"] = name, ["manufacturerData"] = Array.Empty<object>(), ["knownServiceUuids"] = new[] { service },
            });
        }

        // One page session answers the chooser: each prompt picks the next sensor not picked yet, once per prompt.
        var chooser = await context.NewCDPSessionAsync(page);
        chooser.Event("DeviceAccess.deviceRequestPrompted").OnEvent += (_, e) => peripherals.Guard(async () =>
        {
            var id = e!.Value.GetProperty("id").GetString()!;
            var next = e.Value.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetString()!)
                .FirstOrDefault(d => d is Strap or Footpod && !peripherals._picked.ContainsKey(d));
            if (next is null || !peripherals._prompts.TryAdd(id, true))
            {
                return;
            }

            peripherals._picked[next] = true;
            await chooser.SendAsync("DeviceAccess.selectPrompt", new() { ["id"] = id, ["deviceId"] = next });
        });
        await chooser.SendAsync("DeviceAccess.enable");
        return peripherals;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.SendAsync("BluetoothEmulation.disable");
        await _browser.DetachAsync();
    }

    private static string Uuid(int shortId) => $"0000{shortId:x4}-0000-1000-8000-00805f9b34fb";

    private async Task OnGattAsync(JsonElement e)
    {
        var address = e.GetProperty("address").GetString()!;
        var type = e.GetProperty("type").GetString()!;
        if (type == "discovery" && _discovered.TryAdd(address, true))
        {
            var (service, characteristicUuid) = address == Strap ? (Uuid(0x180D), Uuid(0x2A37)) : (Uuid(0x1814), Uuid(0x2A53));
            var added = await _browser.SendAsync("BluetoothEmulation.addService", new() { ["address"] = address, ["serviceUuid"] = service });
            var characteristic = await _browser.SendAsync("BluetoothEmulation.addCharacteristic", new()
            {
                ["serviceId"] = added!.Value.GetProperty("serviceId").GetString()!,
                ["characteristicUuid"] = characteristicUuid,
                ["properties"] = new Dictionary<string, object> { ["notify"] = true, ["read"] = true },
            });
            var id = characteristic!.Value.GetProperty("characteristicId").GetString()!;
            _characteristicOwner[id] = address;
            await _browser.SendAsync("BluetoothEmulation.addDescriptor", new() { ["characteristicId"] = id, ["descriptorUuid"] = Cccd });
        }

        await _browser.SendAsync("BluetoothEmulation.simulateGATTOperationResponse", new() { ["address"] = address, ["type"] = type, ["code"] = 0 });
    }

    private async Task OnCharacteristicAsync(JsonElement e)
    {
        var id = e.GetProperty("characteristicId").GetString()!;
        var type = e.GetProperty("type").GetString()!;
        var answer = new Dictionary<string, object> { ["characteristicId"] = id, ["type"] = type, ["code"] = 0 };
        if (type == "read")
        {
            var n = Interlocked.Increment(ref _reads);
            answer["data"] = Convert.ToBase64String(_characteristicOwner.GetValueOrDefault(id) == Footpod ? Rsc(n) : HeartRate(n));
        }

        await _browser.SendAsync("BluetoothEmulation.simulateCharacteristicOperationResponse", answer);
    }

    private async Task OnDescriptorAsync(JsonElement e)
    {
        var type = e.GetProperty("type").GetString()!;
        var answer = new Dictionary<string, object> { ["descriptorId"] = e.GetProperty("descriptorId").GetString()!, ["type"] = type, ["code"] = 0 };
        if (type == "read")
        {
            answer["data"] = Convert.ToBase64String([0x00, 0x00]);
        }

        await _browser.SendAsync("BluetoothEmulation.simulateDescriptorOperationResponse", answer);
    }

    /// <summary>Heart Rate Measurement: flags 0 (uint8 bpm), 140-159 bpm.</summary>
    private static byte[] HeartRate(long n) => [0x00, (byte)(140 + (n % 20))];

    /// <summary>RSC Measurement: running, speed 3.5-3.9 m/s (uint16 in 1/256 m/s), cadence 170-179 steps/min.</summary>
    private static byte[] Rsc(long n)
    {
        var speed = (ushort)(896 + (n % 5) * 25);
        return [0x04, (byte)(speed & 0xFF), (byte)(speed >> 8), (byte)(170 + (n % 10))];
    }

    private async void Guard(Func<Task> handler)
    {
        try
        {
            await handler();
        }
#pragma warning disable CA1031 // an emulation error is kept for the report, not thrown on the event thread
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _errors.Enqueue(ex.Message);
        }
    }
}
