namespace MindMuscle.Live.Core.Alerts;

/// <summary>The wire names of <see cref="AlertKind"/> (as in JSON), without reflection.</summary>
public static class AlertKindNames
{
    public static string Of(AlertKind kind) => kind switch
    {
        AlertKind.CadenceDrop => "cadenceDrop",
        AlertKind.StrideChange => "strideChange",
        AlertKind.Overstride => "overstride",
        AlertKind.HeavyFootfall => "heavyFootfall",
        AlertKind.Imbalance => "imbalance",
        AlertKind.HrDrift => "hrDrift",
        AlertKind.HrCeiling => "hrCeiling",
        AlertKind.PaceDrop => "paceDrop",
        AlertKind.SensorLost => "sensorLost",
        AlertKind.LowBattery => "lowBattery",
        AlertKind.ContactLost => "contactLost",
        _ => "unknown",
    };

    public static bool TryParse(string? name, out AlertKind kind)
    {
        foreach (var k in Enum.GetValues<AlertKind>())
        {
            if (string.Equals(Of(k), name, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
