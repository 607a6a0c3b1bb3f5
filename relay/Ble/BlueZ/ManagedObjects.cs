using Tmds.DBus.Protocol;

namespace MindMuscle.Live.Relay.Ble.BlueZ;

/// <summary>GetManagedObjects: object path → interface → property → value.</summary>
internal sealed class ManagedObjects(StringComparer comparer) : Dictionary<string, Dictionary<string, Dictionary<string, VariantValue>>>(comparer);
