using Tmds.DBus.Protocol;

namespace MindMuscle.Live.Relay.Ble.BlueZ;

internal sealed record PropertiesChange(string Interface, Dictionary<string, VariantValue> Changed, string[] Invalidated);
