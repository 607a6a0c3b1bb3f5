using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Relay.Ble;
using MindMuscle.Live.Relay.Ble.BlueZ;

namespace MindMuscle.Live.Relay.Cli;

/// <summary><c>relay scan</c>: nearby BLE sensors (BlueZ) with name, address, RSSI and the services they offer.</summary>
internal static class ScanCommand
{
    /// <summary>Exit code when BlueZ cannot be used (no bus, no bluetoothd, no adapter).</summary>
    public const int ExitUnavailable = 3;

    public static Command Create()
    {
        var seconds = new Option<double>("--seconds")
        {
            Description = "How long to scan (default 10).",
            DefaultValueFactory = _ => 10,
        };
        var all = new Option<bool>("--all")
        {
            Description = "List every BLE device, not only HR (0x180D), footpod (0x1814) and power (0x1818) sensors.",
        };
        var bus = new Option<string?>("--bus")
        {
            Description = "D-Bus address where BlueZ runs (default: the system bus).",
        };
        var command = new Command("scan", "List nearby BLE sensors: name, address, RSSI, services (Linux, BlueZ).") { seconds, all, bus };
        command.SetAction(async (parseResult, cancellationToken) => await RunAsync(
            TimeSpan.FromSeconds(Math.Clamp(parseResult.GetValue(seconds), 0.1, 3600)),
            parseResult.GetValue(all),
            parseResult.GetValue(bus),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(TimeSpan duration, bool all, string? busAddress, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        BlueZAdapter adapter;
        try
        {
            adapter = await BlueZAdapter.ConnectAsync(new BlueZOptions { BusAddress = busAddress }, TimeProvider.System, null, cancellationToken);
        }
        catch (BlueZUnavailableException ex)
        {
            await error.WriteLineAsync($"scan: {ex.Message}");
            await error.WriteLineAsync("scan: without Bluetooth, use the simulator: relay run --source sim:fatigue (see docs/simulator.md).");
            return ExitUnavailable;
        }

        await using (adapter)
        {
            var found = new ConcurrentDictionary<string, IBleDevice>(StringComparer.Ordinal);
            adapter.DeviceDiscovered += (_, e) => found.TryAdd(e.Device.Address, e.Device);
            await error.WriteLineAsync($"Scanning on {adapter.AdapterPath} for {duration.TotalSeconds:0.#} s...");
            using var scan = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            scan.CancelAfter(duration);
            try
            {
                await adapter.StartScanningForDevicesAsync(all ? [] : [.. BleUuids.SensorServices], scan.Token);
            }
            catch (BleDeviceConnectionException ex)
            {
                await error.WriteLineAsync($"scan: {ex.Message}. Is the adapter powered? Try: bluetoothctl power on");
                return ExitUnavailable;
            }

            if (found.IsEmpty)
            {
                await error.WriteLineAsync("No sensors found. Wake them up (wear the strap, move the footpod) and scan again.");
                return 0;
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"NAME",-24} {"ADDRESS",-17} {"RSSI",5}  SERVICES"));
            foreach (var device in found.Values.OrderByDescending(d => d.Rssi).ThenBy(d => d.Address, StringComparer.Ordinal))
            {
                var services = string.Join(", ", device.AdvertisedServices.Select(u => GattUuids.NameOf(u) is { } name ? $"{name} ({GattUuids.Format(u)})" : GattUuids.Format(u)));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{device.Name,-24} {device.Address,-17} {device.Rssi,5}  {services}"));
            }

            return 0;
        }
    }
}
