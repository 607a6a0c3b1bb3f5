namespace MindMuscle.Live.Relay.Ble.BlueZ;

/// <summary>Where to find BlueZ. Defaults: the system bus, service org.bluez, the first adapter it exports.</summary>
internal sealed record BlueZOptions
{
    /// <summary>D-Bus address; null = the system bus (DBUS_SYSTEM_BUS_ADDRESS or /run/dbus/system_bus_socket). Tests pass a private bus.</summary>
    public string? BusAddress { get; init; }

    public string ServiceName { get; init; } = "org.bluez";

    /// <summary>e.g. "/org/bluez/hci0"; null = the first object with org.bluez.Adapter1.</summary>
    public string? AdapterPath { get; init; }

    /// <summary>How long a connect may take until BlueZ reports ServicesResolved (GATT discovery can take seconds).</summary>
    public TimeSpan ServicesResolvedTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Refuses a value that cannot work, naming the setting (null addresses mean the defaults above).</summary>
    public void Validate()
    {
        if (BusAddress is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(BusAddress);
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(ServiceName);
        if (AdapterPath is not null && !AdapterPath.StartsWith('/'))
        {
            throw new ArgumentException($"{nameof(AdapterPath)} '{AdapterPath}' must be a D-Bus object path such as /org/bluez/hci0.", nameof(AdapterPath));
        }

        OptionRange.Check(ServicesResolvedTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
    }
}
