using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Runners;

/// <summary>The three sensors a simulated runner wears; scenario events can drop one or drain its battery.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunnerSensor>))]
public enum RunnerSensor
{
    /// <summary>Chest strap: heart rate, RR intervals, contact, battery (GATT 0x180D).</summary>
    [JsonStringEnumMemberName("hr")] HeartRate = 0,

    /// <summary>Footpod: speed, cadence, stride, distance (0x1814) and running dynamics (GCT, VO, balance).</summary>
    [JsonStringEnumMemberName("footpod")] Footpod = 1,

    /// <summary>Running power pod (0x1818).</summary>
    [JsonStringEnumMemberName("power")] Power = 2,
}
