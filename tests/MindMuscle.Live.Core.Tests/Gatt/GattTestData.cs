using CsCheck;
using MindMuscle.Live.Core.Gatt;

namespace MindMuscle.Live.Core.Tests.Gatt;

/// <summary>Hex helpers and CsCheck generators shared by the GATT tests.</summary>
internal static class GattTestData
{
    public static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>Random payloads from 0 to 40 bytes; short ones dominate so truncation paths get hit often.</summary>
    public static readonly Gen<byte[]> Payloads = Gen.Frequency(
        (3, Gen.Byte.Array[0, 8]),
        (2, Gen.Byte.Array[8, 24]),
        (1, Gen.Byte.Array[24, 40]));

    public static readonly Gen<HeartRateMeasurement> HeartRates =
        Gen.Select(
            Gen.UShort, Gen.Bool, Gen.Enum<SensorContactStatus>(), Gen.UShort.Nullable(0.5), Gen.UShort.Array[0, HeartRateMeasurement.InlineRrCapacity])
        .Select((hr, is16, contact, energy, rr) => new HeartRateMeasurement(rr)
        {
            HeartRateBpm = is16 ? hr : (byte)hr,
            IsUInt16Format = is16,
            SensorContact = contact,
            EnergyExpendedKj = energy,
        });

    public static readonly Gen<RscMeasurement> Rscs =
        Gen.Select(Gen.UShort, Gen.Byte, Gen.UShort.Nullable(0.5), Gen.UInt.Nullable(0.5), Gen.Bool)
        .Select((speed, cadence, stride, distance, running) => new RscMeasurement
        {
            SpeedRaw = speed,
            CadenceRaw = cadence,
            StrideLengthRaw = stride,
            TotalDistanceRaw = distance,
            IsRunning = running,
        });

    private static readonly Gen<ExtremePair> Int16Pairs = Gen.Select(Gen.Short, Gen.Short).Select((a, b) => new ExtremePair(a, b));
    private static readonly Gen<ExtremePair> AnglePairs = Gen.Select(Gen.Int[0, 0xFFF], Gen.Int[0, 0xFFF]).Select((a, b) => new ExtremePair(a, b));

    public static readonly Gen<CyclingPowerMeasurement> CyclingPowers =
        Gen.Select(
            Gen.Select(Gen.Short, Gen.Byte.Nullable(0.5), Gen.Bool, Gen.UShort.Nullable(0.5), Gen.Bool),
            Gen.Select(
                Gen.Select(Gen.UInt, Gen.UShort).Select((r, t) => new WheelRevolutionData(r, t)).Nullable(0.5),
                Gen.Select(Gen.UShort, Gen.UShort).Select((r, t) => new CrankRevolutionData(r, t)).Nullable(0.5),
                Int16Pairs.Nullable(0.5), Int16Pairs.Nullable(0.5), AnglePairs.Nullable(0.5)),
            Gen.Select(Gen.UShort.Nullable(0.5), Gen.UShort.Nullable(0.5), Gen.UShort.Nullable(0.5), Gen.Bool))
        .Select((a, b, c) => new CyclingPowerMeasurement
        {
            InstantaneousPowerW = a.Item1,
            PedalPowerBalanceRaw = a.Item2,
            PedalPowerBalanceReferenceLeft = a.Item3,
            AccumulatedTorqueRaw = a.Item4,
            AccumulatedTorqueCrankBased = a.Item5,
            WheelRevolutions = b.Item1,
            CrankRevolutions = b.Item2,
            ExtremeForceMagnitudesN = b.Item3,
            ExtremeTorqueMagnitudesRaw = b.Item4,
            ExtremeAnglesDeg = b.Item5,
            TopDeadSpotAngleDeg = c.Item1,
            BottomDeadSpotAngleDeg = c.Item2,
            AccumulatedEnergyKj = c.Item3,
            OffsetCompensationIndicator = c.Item4,
        });

    public static readonly Gen<RunningDynamicsMeasurement> RunningDynamics =
        Gen.Select(Gen.UShort.Nullable(0.5), Gen.UShort.Nullable(0.5), Gen.UShort.Nullable(0.5))
        .Select((gct, vo, balance) => new RunningDynamicsMeasurement
        {
            GroundContactMs = gct,
            VerticalOscillationRaw = vo,
            GctBalanceLeftRaw = balance,
        });
}
