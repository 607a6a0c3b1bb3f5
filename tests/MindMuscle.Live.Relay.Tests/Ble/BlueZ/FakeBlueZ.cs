using System.Collections.Concurrent;
using Tmds.DBus.Protocol;

namespace MindMuscle.Live.Relay.Tests.Ble.BlueZ;

/// <summary>
/// A fake bluetoothd: owns org.bluez on a private bus and exports an ObjectManager tree with Adapter1, Device1,
/// GattService1 and GattCharacteristic1 objects that behave like BlueZ's (Connect → Connected + ServicesResolved,
/// StartNotify → Notifying, notifications as PropertiesChanged of Value, a dropped link as Connected=false).
/// </summary>
internal sealed class FakeBlueZ : IPathMethodHandler, IDisposable
{
    public const string AdapterPath = "/org/bluez/hci0";

    private readonly DBusConnection _connection;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Dictionary<string, Dictionary<string, VariantValue>>> _objects = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hiddenUntilDiscovery = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failConnects = new(StringComparer.Ordinal);

    private FakeBlueZ(DBusConnection connection)
    {
        _connection = connection;
    }

    public string Path => "/";

    public bool HandlesChildPaths => true;

    public ConcurrentQueue<string> Calls { get; } = new();

    public string[]? DiscoveryFilterUuids { get; private set; }

    public string? DiscoveryFilterTransport { get; private set; }

    public int ConnectCount(string devicePath) => Calls.Count(c => c == devicePath + " Connect");

    public static async Task<FakeBlueZ> StartAsync(string busAddress, bool withAdapter = true)
    {
        FakeBlueZ? fake = null;
        var connection = new DBusConnection(new DBusConnectionOptions(busAddress)
        {
            OnException = context => fake?.Fault ??= context.Exception,
        });
        await connection.ConnectAsync();
        fake = new FakeBlueZ(connection);
        if (withAdapter)
        {
            fake._objects[AdapterPath] = new()
            {
                ["org.bluez.Adapter1"] = new() { ["Address"] = "00:1A:7D:DA:71:13", ["Powered"] = true, ["Discovering"] = false },
            };
        }

        connection.AddMethodHandler(fake);
        await connection.RequestNameAsync("org.bluez", RequestNameOptions.Default);
        return fake;
    }

    /// <summary>Adds a device with one service per entry; returns its path. Characteristic values start as given.</summary>
    public string AddDevice(string address, string name, short rssi, string[] uuids, (string Uuid, (string Uuid, string[] Flags, byte[] Value)[] Characteristics)[] services, bool hiddenUntilDiscovery = false)
    {
        var devicePath = $"{AdapterPath}/dev_{address.Replace(':', '_')}";
        lock (_gate)
        {
            _objects[devicePath] = new()
            {
                ["org.bluez.Device1"] = new()
                {
                    ["Address"] = address,
                    ["Name"] = name,
                    ["Alias"] = name,
                    ["RSSI"] = VariantValue.Int16(rssi),
                    ["UUIDs"] = VariantValue.Array(uuids),
                    ["Connected"] = false,
                    ["ServicesResolved"] = false,
                    ["Adapter"] = new ObjectPath(AdapterPath),
                },
            };
            var handle = 0x0a;
            foreach (var (serviceUuid, characteristics) in services)
            {
                var servicePath = $"{devicePath}/service{handle:x4}";
                handle++;
                _objects[servicePath] = new()
                {
                    ["org.bluez.GattService1"] = new() { ["UUID"] = serviceUuid, ["Device"] = new ObjectPath(devicePath), ["Primary"] = true },
                };
                foreach (var (charUuid, flags, value) in characteristics)
                {
                    var charPath = $"{servicePath}/char{handle:x4}";
                    handle++;
                    _objects[charPath] = new()
                    {
                        ["org.bluez.GattCharacteristic1"] = new()
                        {
                            ["UUID"] = charUuid,
                            ["Service"] = new ObjectPath(servicePath),
                            ["Flags"] = VariantValue.Array(flags),
                            ["Value"] = VariantValue.Array(value),
                            ["Notifying"] = false,
                        },
                    };
                }
            }

            if (hiddenUntilDiscovery)
            {
                _hiddenUntilDiscovery.Add(devicePath);
            }
        }

        return devicePath;
    }

    public string CharacteristicPath(string devicePath, string uuid)
    {
        lock (_gate)
        {
            return _objects.First(o => o.Key.StartsWith(devicePath + "/", StringComparison.Ordinal)
                && o.Value.TryGetValue("org.bluez.GattCharacteristic1", out var p) && p["UUID"].GetString() == uuid).Key;
        }
    }

    /// <summary>The next <paramref name="count"/> Connect calls on the device fail with org.bluez.Error.Failed.</summary>
    public void FailNextConnects(string devicePath, int count) => _failConnects[devicePath] = count;

    /// <summary>A notification: sets Value and emits PropertiesChanged, only while notifying (as BlueZ does).</summary>
    public bool Notify(string characteristicPath, byte[] value)
    {
        lock (_gate)
        {
            var props = _objects[characteristicPath]["org.bluez.GattCharacteristic1"];
            props["Value"] = VariantValue.Array(value);
            if (!props["Notifying"].GetBool())
            {
                return false;
            }
        }

        EmitPropertiesChanged(characteristicPath, "org.bluez.GattCharacteristic1", new() { ["Value"] = VariantValue.Array(value) });
        return true;
    }

    /// <summary>The sensor walks out of range: Connected and ServicesResolved go false, notifications stop.</summary>
    public void DropLink(string devicePath)
    {
        SetDisconnected(devicePath);
    }

    public bool IsNotifying(string characteristicPath)
    {
        lock (_gate)
        {
            return _objects[characteristicPath]["org.bluez.GattCharacteristic1"]["Notifying"].GetBool();
        }
    }

    /// <summary>An exception the fake threw while answering (a broken fake must fail the test loudly).</summary>
    public Exception? Fault { get; set; }

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        try
        {
            Handle(context);
        }
        catch (Exception ex)
        {
            Fault = ex;
            Console.Error.WriteLine("FakeBlueZ fault: " + ex);
            throw;
        }

        return ValueTask.CompletedTask;
    }

    private void Handle(MethodContext context)
    {
        var request = context.Request;
        var path = request.PathAsString ?? "";
        var member = request.MemberAsString ?? "";
        var iface = request.InterfaceAsString ?? "";
        Calls.Enqueue($"{path} {member}");
        switch (iface, member)
        {
            case ("org.freedesktop.DBus.ObjectManager", "GetManagedObjects") when path == "/":
                ReplyManagedObjects(context);
                break;
            case ("org.bluez.Adapter1", "SetDiscoveryFilter"):
                var filter = request.GetBodyReader().ReadDictionaryOfStringToVariantValue();
                DiscoveryFilterUuids = filter.TryGetValue("UUIDs", out var uuids) ? uuids.GetArray<string>() : null;
                DiscoveryFilterTransport = filter.TryGetValue("Transport", out var transport) ? transport.GetString() : null;
                ReplyVoid(context);
                break;
            case ("org.bluez.Adapter1", "StartDiscovery"):
                ReplyVoid(context);
                RevealHiddenDevices();
                break;
            case ("org.bluez.Adapter1", "StopDiscovery"):
                ReplyVoid(context);
                break;
            case ("org.bluez.Device1", "Connect"):
                if (_failConnects.TryGetValue(path, out var failures) && failures > 0)
                {
                    _failConnects[path] = failures - 1;
                    context.ReplyError("org.bluez.Error.Failed", "le-connection-abort-by-local");
                    break;
                }

                SetDeviceProperty(path, "Connected", true);
                ReplyVoid(context);
                SetDeviceProperty(path, "ServicesResolved", true);
                break;
            case ("org.bluez.Device1", "Disconnect"):
                ReplyVoid(context);
                SetDisconnected(path);
                break;
            case ("org.bluez.GattCharacteristic1", "StartNotify"):
                byte[] current;
                lock (_gate)
                {
                    var props = _objects[path]["org.bluez.GattCharacteristic1"];
                    props["Notifying"] = true;
                    current = props["Value"].GetArray<byte>();
                }

                // Like a sensor that notifies at once: only a client subscribed BEFORE StartNotify sees this value.
                EmitPropertiesChanged(path, "org.bluez.GattCharacteristic1", new() { ["Notifying"] = true, ["Value"] = VariantValue.Array(current) });
                ReplyVoid(context);
                break;
            case ("org.bluez.GattCharacteristic1", "StopNotify"):
                lock (_gate)
                {
                    _objects[path]["org.bluez.GattCharacteristic1"]["Notifying"] = false;
                }

                ReplyVoid(context);
                break;
            case ("org.bluez.GattCharacteristic1", "ReadValue"):
                byte[] value;
                lock (_gate)
                {
                    value = _objects[path]["org.bluez.GattCharacteristic1"]["Value"].GetArray<byte>();
                }

                using (var writer = context.CreateReplyWriter("ay"))
                {
                    writer.WriteArray(value);
                    context.Reply(writer.CreateMessage());
                }

                break;
            default:
                context.ReplyUnknownMethodError();
                break;
        }
    }

    public void Dispose() => _connection.Dispose();

    private void SetDisconnected(string devicePath)
    {
        lock (_gate)
        {
            foreach (var (path, interfaces) in _objects)
            {
                if (path.StartsWith(devicePath + "/", StringComparison.Ordinal) && interfaces.TryGetValue("org.bluez.GattCharacteristic1", out var props))
                {
                    props["Notifying"] = false;
                }
            }

            var device = _objects[devicePath]["org.bluez.Device1"];
            device["Connected"] = false;
            device["ServicesResolved"] = false;
        }

        EmitPropertiesChanged(devicePath, "org.bluez.Device1", new() { ["ServicesResolved"] = false, ["Connected"] = false });
    }

    private void SetDeviceProperty(string devicePath, string name, bool value)
    {
        lock (_gate)
        {
            _objects[devicePath]["org.bluez.Device1"][name] = value;
        }

        EmitPropertiesChanged(devicePath, "org.bluez.Device1", new() { [name] = value });
    }

    private void RevealHiddenDevices()
    {
        List<(string Path, Dictionary<string, Dictionary<string, VariantValue>> Interfaces)> revealed;
        lock (_gate)
        {
            revealed = [.. _hiddenUntilDiscovery.Select(p => (p, _objects[p]))];
            _hiddenUntilDiscovery.Clear();
        }

        foreach (var (path, interfaces) in revealed)
        {
            var writer = _connection.GetMessageWriter();
            try
            {
                writer.WriteSignalHeader(null, "/", "org.freedesktop.DBus.ObjectManager", "InterfacesAdded", "oa{sa{sv}}");
                writer.WriteObjectPath(path);
                WriteInterfaces(ref writer, interfaces);
                _connection.TrySendMessage(writer.CreateMessage());
            }
            finally
            {
                writer.Dispose();
            }
        }
    }

    private void EmitPropertiesChanged(string path, string iface, Dictionary<string, VariantValue> changed)
    {
        using var writer = _connection.GetMessageWriter();
        writer.WriteSignalHeader(null, path, "org.freedesktop.DBus.Properties", "PropertiesChanged", "sa{sv}as");
        writer.WriteString(iface);
        writer.WriteDictionary(changed);
        writer.WriteArray(Array.Empty<string>());
        _connection.TrySendMessage(writer.CreateMessage());
    }

    private void ReplyManagedObjects(MethodContext context)
    {
        var writer = context.CreateReplyWriter("a{oa{sa{sv}}}");
        try
        {
            lock (_gate)
            {
                var objects = writer.WriteDictionaryStart();
                foreach (var (path, interfaces) in _objects)
                {
                    if (_hiddenUntilDiscovery.Contains(path))
                    {
                        continue;
                    }

                    writer.WriteDictionaryEntryStart();
                    writer.WriteObjectPath(path);
                    WriteInterfaces(ref writer, interfaces);
                }

                writer.WriteDictionaryEnd(objects);
            }

            context.Reply(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static void WriteInterfaces(ref MessageWriter writer, Dictionary<string, Dictionary<string, VariantValue>> interfaces)
    {
        var start = writer.WriteDictionaryStart();
        foreach (var (name, props) in interfaces)
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(name);
            WriteProperties(ref writer, props);
        }

        writer.WriteDictionaryEnd(start);
    }

    private static void WriteProperties(ref MessageWriter writer, Dictionary<string, VariantValue> props)
    {
        var start = writer.WriteDictionaryStart();
        foreach (var (name, value) in props)
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(name);
            writer.WriteVariant(value);
        }

        writer.WriteDictionaryEnd(start);
    }

    private static void ReplyVoid(MethodContext context)
    {
        using var writer = context.CreateReplyWriter(null!);
        context.Reply(writer.CreateMessage());
    }
}
