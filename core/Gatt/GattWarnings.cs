using System.Globalization;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Gatt;

/// <summary>
/// Values that decoded cleanly but cannot be physical for a runner (or bytes we did not expect). They are flagged on the
/// decoded value and passed on with it; the consumer decides whether to drop the sample. The <c>XxxNulled</c> flags come
/// from <see cref="GattSampleMapper"/>: that field was outside <see cref="PlausibleRanges"/> and left null. Limits: docs/gatt.md.
/// </summary>
[Flags]
public enum GattWarnings
{
    None = 0,

    /// <summary>Heart rate 0 or above 250 bpm.</summary>
    HeartRateOutOfRange = 1 << 0,

    /// <summary>An RR interval below 200 ms or above 3000 ms.</summary>
    RrIntervalOutOfRange = 1 << 1,

    /// <summary>More RR intervals than a decoded value holds inline; copy all of them from the payload.</summary>
    RrIntervalsBeyondInlineCapacity = 1 << 2,

    /// <summary>Speed above 12 m/s.</summary>
    SpeedOutOfRange = 1 << 3,

    /// <summary>Cadence above 250 steps/min (raw above 250, or converted above 250).</summary>
    CadenceOutOfRange = 1 << 4,

    /// <summary>Stride length above 3 m.</summary>
    StrideLengthOutOfRange = 1 << 5,

    /// <summary>Power below 0 W or above 2500 W.</summary>
    PowerOutOfRange = 1 << 6,

    /// <summary>Pedal power balance above 100 %.</summary>
    PedalPowerBalanceOutOfRange = 1 << 7,

    /// <summary>A crank angle (extreme or dead spot) of 360 degrees or more.</summary>
    AngleOutOfRange = 1 << 8,

    /// <summary>Battery level above 100 %.</summary>
    BatteryOutOfRange = 1 << 9,

    /// <summary>Body sensor location 7-255 (reserved by the specification).</summary>
    BodySensorLocationReserved = 1 << 10,

    /// <summary>Ground contact time 0 or above 2000 ms.</summary>
    GroundContactOutOfRange = 1 << 11,

    /// <summary>Vertical oscillation above 30 cm.</summary>
    VerticalOscillationOutOfRange = 1 << 12,

    /// <summary>Ground contact balance above 100 % left.</summary>
    GctBalanceOutOfRange = 1 << 13,

    /// <summary>Bytes after the last field the flags announce (ignored, as the GATT specifications ask of clients).</summary>
    TrailingBytes = 1 << 14,

    /// <summary>RSC cadence could not be converted: the sensor's unit (per foot or steps) is not known yet.</summary>
    CadenceAmbiguous = 1 << 15,

    // The flags below are set by GattSampleMapper: a decoded value outside PlausibleRanges is not a reading, so its
    // field is left null instead of making the hub refuse the whole batch.

    /// <summary>Heart rate outside <see cref="PlausibleRanges.HeartRateBpm"/> (e.g. 0 bpm from a strap without skin contact): left null.</summary>
    HeartRateNulled = 1 << 16,

    /// <summary>An RR interval outside <see cref="PlausibleRanges.RrIntervalMs"/>, or more than the hub takes per sample: the list is left null.</summary>
    RrIntervalsNulled = 1 << 17,

    /// <summary>Converted cadence outside <see cref="PlausibleRanges.CadenceSpm"/>: left null.</summary>
    CadenceNulled = 1 << 18,

    /// <summary>Speed outside <see cref="PlausibleRanges.SpeedMps"/>: left null.</summary>
    SpeedNulled = 1 << 19,

    /// <summary>Stride length outside <see cref="PlausibleRanges.StrideLengthM"/>: left null.</summary>
    StrideLengthNulled = 1 << 20,

    /// <summary>Total distance outside <see cref="PlausibleRanges.DistanceM"/>: left null.</summary>
    DistanceNulled = 1 << 21,

    /// <summary>Power outside <see cref="PlausibleRanges.PowerW"/> (e.g. negative): left null.</summary>
    PowerNulled = 1 << 22,

    /// <summary>Ground contact time outside <see cref="PlausibleRanges.GroundContactMs"/>: left null.</summary>
    GroundContactNulled = 1 << 23,

    /// <summary>Vertical oscillation outside <see cref="PlausibleRanges.VerticalOscillationCm"/>: left null.</summary>
    VerticalOscillationNulled = 1 << 24,

    /// <summary>Ground contact balance outside <see cref="PlausibleRanges.GctBalanceLeftPct"/>: left null.</summary>
    GctBalanceNulled = 1 << 25,

    /// <summary>Battery level outside <see cref="PlausibleRanges.BatteryPct"/>: left null.</summary>
    BatteryNulled = 1 << 26,
}

public static class GattWarningsExtensions
{
    private static readonly GattWarnings[] All = Enum.GetValues<GattWarnings>().Where(w => w != GattWarnings.None).ToArray();

    /// <summary>Each set flag with its camelCase code and a sentence; allocates, so call it off the hot path.</summary>
    public static IReadOnlyList<(string Code, string Message)> Describe(this GattWarnings warnings)
    {
        var list = new List<(string, string)>();
        foreach (var flag in All)
        {
            if ((warnings & flag) != 0)
            {
                var name = flag.ToString();
                list.Add((char.ToLowerInvariant(name[0]) + name[1..], MessageOf(flag)));
            }
        }

        return list;
    }

    public static string MessageOf(GattWarnings flag) => flag switch
    {
        GattWarnings.HeartRateOutOfRange => "heart rate outside 1-250 bpm",
        GattWarnings.RrIntervalOutOfRange => "RR interval outside 200-3000 ms",
        GattWarnings.RrIntervalsBeyondInlineCapacity => "more RR intervals than the value holds inline; read them from the payload",
        GattWarnings.SpeedOutOfRange => "speed above 12 m/s",
        GattWarnings.CadenceOutOfRange => "cadence above 250 steps/min",
        GattWarnings.StrideLengthOutOfRange => "stride length above 3 m",
        GattWarnings.PowerOutOfRange => "power outside 0-2500 W",
        GattWarnings.PedalPowerBalanceOutOfRange => "pedal power balance above 100 %",
        GattWarnings.AngleOutOfRange => "crank angle of 360 degrees or more",
        GattWarnings.BatteryOutOfRange => "battery level above 100 %",
        GattWarnings.BodySensorLocationReserved => "body sensor location is a reserved value",
        GattWarnings.GroundContactOutOfRange => "ground contact time outside 1-2000 ms",
        GattWarnings.VerticalOscillationOutOfRange => "vertical oscillation above 30 cm",
        GattWarnings.GctBalanceOutOfRange => "ground contact balance above 100 % left",
        GattWarnings.TrailingBytes => "unexpected bytes after the last field (ignored)",
        GattWarnings.CadenceAmbiguous => "cadence unit (per foot or steps) not known yet; cadenceSpm left null",
        GattWarnings.HeartRateNulled => Nulled(PlausibleRanges.HeartRateBpm),
        GattWarnings.RrIntervalsNulled => string.Create(
            CultureInfo.InvariantCulture,
            $"{Nulled(PlausibleRanges.RrIntervalMs)} (also when more than {GattSampleMapper.MaxRrIntervals} in one notification)"),
        GattWarnings.CadenceNulled => Nulled(PlausibleRanges.CadenceSpm),
        GattWarnings.SpeedNulled => Nulled(PlausibleRanges.SpeedMps),
        GattWarnings.StrideLengthNulled => Nulled(PlausibleRanges.StrideLengthM),
        GattWarnings.DistanceNulled => Nulled(PlausibleRanges.DistanceM),
        GattWarnings.PowerNulled => Nulled(PlausibleRanges.PowerW),
        GattWarnings.GroundContactNulled => Nulled(PlausibleRanges.GroundContactMs),
        GattWarnings.VerticalOscillationNulled => Nulled(PlausibleRanges.VerticalOscillationCm),
        GattWarnings.GctBalanceNulled => Nulled(PlausibleRanges.GctBalanceLeftPct),
        GattWarnings.BatteryNulled => Nulled(PlausibleRanges.BatteryPct),
        _ => flag.ToString(),
    };

    private static string Nulled(PlausibleRange range) => string.Create(
        CultureInfo.InvariantCulture, $"{range.Field} outside {range.Min}-{range.Max} {range.Unit}: not a reading, left null");
}
