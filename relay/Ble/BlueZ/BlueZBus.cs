using Tmds.DBus.Protocol;

namespace MindMuscle.Live.Relay.Ble.BlueZ;

/// <summary>The org.bluez D-Bus calls and signal readers the adapter needs, over one <see cref="DBusConnection"/>.</summary>
internal sealed class BlueZBus(DBusConnection connection, string serviceName)
{
    public const string Adapter1 = "org.bluez.Adapter1";
    public const string Device1 = "org.bluez.Device1";
    public const string GattService1 = "org.bluez.GattService1";
    public const string GattCharacteristic1 = "org.bluez.GattCharacteristic1";
    public const string ObjectManager = "org.freedesktop.DBus.ObjectManager";
    public const string Properties = "org.freedesktop.DBus.Properties";

    public DBusConnection Connection => connection;

    public Task<ManagedObjects> GetManagedObjectsAsync() =>
        connection.CallMethodAsync(Call("/", ObjectManager, "GetManagedObjects"), static (m, _) => ReadManagedObjects(m), null);

    public Task SetDiscoveryFilterAsync(string adapterPath, IEnumerable<Guid> uuids) =>
        connection.CallMethodAsync(CallWithOptions(adapterPath, Adapter1, "SetDiscoveryFilter", new Dictionary<string, VariantValue>
        {
            ["UUIDs"] = VariantValue.Array(uuids.Select(u => u.ToString("D")).ToArray()),
            ["Transport"] = "le",
        }));

    public Task StartDiscoveryAsync(string adapterPath) => connection.CallMethodAsync(Call(adapterPath, Adapter1, "StartDiscovery"));

    public Task StopDiscoveryAsync(string adapterPath) => connection.CallMethodAsync(Call(adapterPath, Adapter1, "StopDiscovery"));

    public Task ConnectAsync(string devicePath) => connection.CallMethodAsync(Call(devicePath, Device1, "Connect"));

    public Task DisconnectAsync(string devicePath) => connection.CallMethodAsync(Call(devicePath, Device1, "Disconnect"));

    public Task StartNotifyAsync(string characteristicPath) => connection.CallMethodAsync(Call(characteristicPath, GattCharacteristic1, "StartNotify"));

    public Task StopNotifyAsync(string characteristicPath) => connection.CallMethodAsync(Call(characteristicPath, GattCharacteristic1, "StopNotify"));

    public Task<byte[]> ReadValueAsync(string characteristicPath) =>
        connection.CallMethodAsync(
            CallWithOptions(characteristicPath, GattCharacteristic1, "ReadValue", []),
            static (m, _) => m.GetBodyReader().ReadArrayOfByte(),
            null);

    /// <summary>PropertiesChanged of one object. Subscribe BEFORE the call that makes it change (StartNotify, Connect).</summary>
    public async Task<IDisposable> WatchPropertiesAsync(string path, Action<PropertiesChange> handler)
    {
        var rule = new MatchRule { Type = MessageType.Signal, Path = path, Interface = Properties, Member = "PropertiesChanged" };
        return await connection.AddMatchAsync(
            rule,
            static (m, _) => ReadPropertiesChanged(m),
            (Notification<PropertiesChange> n) =>
            {
                if (n.HasValue)
                {
                    handler(n.Value);
                }
            },
            emitOnCapturedContext: false);
    }

    /// <summary>PropertiesChanged of every object under <paramref name="pathNamespace"/> (the adapter's devices), with the object path.</summary>
    public async Task<IDisposable> WatchPropertiesUnderAsync(string pathNamespace, Action<string, PropertiesChange> handler)
    {
        var rule = new MatchRule { Type = MessageType.Signal, PathNamespace = pathNamespace, Interface = Properties, Member = "PropertiesChanged" };
        return await connection.AddMatchAsync(
            rule,
            static (m, _) => (Path: m.PathAsString ?? "", Change: ReadPropertiesChanged(m)),
            (Notification<(string Path, PropertiesChange Change)> n) =>
            {
                if (n.HasValue)
                {
                    handler(n.Value.Path, n.Value.Change);
                }
            },
            emitOnCapturedContext: false);
    }

    /// <summary>ObjectManager.InterfacesAdded: new devices during discovery, GATT objects after a connect.</summary>
    public async Task<IDisposable> WatchInterfacesAddedAsync(Action<string, Dictionary<string, Dictionary<string, VariantValue>>> handler)
    {
        var rule = new MatchRule { Type = MessageType.Signal, Interface = ObjectManager, Member = "InterfacesAdded" };
        return await connection.AddMatchAsync(
            rule,
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                var path = reader.ReadObjectPathAsString();
                return (Path: path, Interfaces: ReadInterfaces(ref reader));
            },
            (Notification<(string Path, Dictionary<string, Dictionary<string, VariantValue>> Interfaces)> n) =>
            {
                if (n.HasValue)
                {
                    handler(n.Value.Path, n.Value.Interfaces);
                }
            },
            emitOnCapturedContext: false);
    }

    private MessageBuffer Call(string path, string @interface, string member)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(serviceName, path, @interface, member);
        return writer.CreateMessage();
    }

    /// <summary>A call whose single argument is an options dictionary (a{sv}). MessageWriter is a ref struct: write it in place, never pass a copy.</summary>
    private MessageBuffer CallWithOptions(string path, string @interface, string member, Dictionary<string, VariantValue> options)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(serviceName, path, @interface, member, "a{sv}");
        writer.WriteDictionary(options);
        return writer.CreateMessage();
    }

    private static ManagedObjects ReadManagedObjects(Message message)
    {
        var reader = message.GetBodyReader();
        var result = new ManagedObjects(StringComparer.Ordinal);
        var end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            var path = reader.ReadObjectPathAsString();
            result[path] = ReadInterfaces(ref reader);
        }

        return result;
    }

    private static Dictionary<string, Dictionary<string, VariantValue>> ReadInterfaces(ref Reader reader)
    {
        var interfaces = new Dictionary<string, Dictionary<string, VariantValue>>(StringComparer.Ordinal);
        var end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            var name = reader.ReadString();
            interfaces[name] = reader.ReadDictionaryOfStringToVariantValue();
        }

        return interfaces;
    }

    private static PropertiesChange ReadPropertiesChanged(Message message)
    {
        var reader = message.GetBodyReader();
        var @interface = reader.ReadString();
        var changed = reader.ReadDictionaryOfStringToVariantValue();
        var invalidated = reader.ReadArrayOfString();
        return new PropertiesChange(@interface, changed, invalidated);
    }
}
