using Tmds.DBus.Protocol;

namespace MindMuscle.Live.Relay.Ble.BlueZ;

/// <summary>Reading typed values out of BlueZ property bags, tolerating missing ones (BlueZ omits unknown properties).</summary>
internal static class BlueZProperties
{
    public static string? String(Dictionary<string, VariantValue> props, string name) =>
        props.TryGetValue(name, out var v) && v.Type is VariantValueType.String or VariantValueType.ObjectPath
            ? (v.Type == VariantValueType.String ? v.GetString() : v.GetObjectPathAsString())
            : null;

    public static bool? Bool(Dictionary<string, VariantValue> props, string name) =>
        props.TryGetValue(name, out var v) && v.Type == VariantValueType.Bool ? v.GetBool() : null;

    public static short? Int16(Dictionary<string, VariantValue> props, string name) =>
        props.TryGetValue(name, out var v) && v.Type == VariantValueType.Int16 ? v.GetInt16() : null;

    public static string[] Strings(Dictionary<string, VariantValue> props, string name) =>
        props.TryGetValue(name, out var v) && v.Type == VariantValueType.Array ? v.GetArray<string>() : [];

    public static byte[]? Bytes(Dictionary<string, VariantValue> props, string name) =>
        props.TryGetValue(name, out var v) && v.Type == VariantValueType.Array ? v.GetArray<byte>() : null;

    public static Guid[] Uuids(Dictionary<string, VariantValue> props, string name) =>
        [.. Strings(props, name).Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty)];
}
