using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Alerts;

/// <summary>The running-form and equipment signs the engine watches for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))]
public enum AlertKind
{
    [JsonStringEnumMemberName("cadenceDrop")] CadenceDrop = 0,
    [JsonStringEnumMemberName("strideChange")] StrideChange = 1,
    [JsonStringEnumMemberName("overstride")] Overstride = 2,
    [JsonStringEnumMemberName("heavyFootfall")] HeavyFootfall = 3,
    [JsonStringEnumMemberName("imbalance")] Imbalance = 4,
    [JsonStringEnumMemberName("hrDrift")] HrDrift = 5,
    [JsonStringEnumMemberName("hrCeiling")] HrCeiling = 6,
    [JsonStringEnumMemberName("paceDrop")] PaceDrop = 7,
    /// <summary>Coach only, never spoken.</summary>
    [JsonStringEnumMemberName("sensorLost")] SensorLost = 8,
    /// <summary>Coach only, never spoken.</summary>
    [JsonStringEnumMemberName("lowBattery")] LowBattery = 9,
    /// <summary>Coach only, never spoken.</summary>
    [JsonStringEnumMemberName("contactLost")] ContactLost = 10,
    /// <summary>Judged per rep, not per sample: a rep slower, or with longer ground contact, than the runner's first two.</summary>
    [JsonStringEnumMemberName("repFade")] RepFade = 11,
}

[JsonConverter(typeof(JsonStringEnumConverter<AlertSeverity>))]
public enum AlertSeverity
{
    [JsonStringEnumMemberName("info")] Info = 0,
    [JsonStringEnumMemberName("warning")] Warning = 1,
    [JsonStringEnumMemberName("critical")] Critical = 2,
}
