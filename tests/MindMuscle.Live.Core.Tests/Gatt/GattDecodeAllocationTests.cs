using MindMuscle.Live.Core.Gatt;
using static MindMuscle.Live.Core.Tests.Gatt.GattTestData;

namespace MindMuscle.Live.Core.Tests.Gatt;

/// <summary>Decoding (success and rejection, warnings included) allocates nothing on the heap.</summary>
public sealed class GattDecodeAllocationTests
{
    private static readonly byte[] HeartRate = Hex("1e 3c 23 01 54 01 ec 02 00 04 00 04 00 04 00 04 00 04 00 04 00 04 00 04");
    private static readonly byte[] HeartRateTruncated = Hex("11 3c 00 00 04 05");
    private static readonly byte[] Rsc = Hex("07 00 04 5a 8c 00 39 30 00 00");
    private static readonly byte[] CyclingPower = Hex(
        "ff 1f 2c 01 64 40 06 00 00 01 00 00 08 02 01 00 04 f4 01 88 ff 20 03 e0 ff b4 a0 05 0a 00 be 00 02 01");
    private static readonly byte[] RunningDynamics = Hex("07 e7 00 54 03 62 13");

    [Fact]
    public void TryDecode_EveryDecoderInALoop_AllocatesZeroBytes()
    {
        var normalizer = new CadenceNormalizer();
        var rr = new ushort[16];
        RunOnce(normalizer, rr); // JIT and static initialisation happen outside the measured window

        var before = GC.GetAllocatedBytesForCurrentThread();
        var checksum = 0L;
        for (var i = 0; i < 10_000; i++)
        {
            checksum += RunOnce(normalizer, rr);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    private static long RunOnce(CadenceNormalizer normalizer, ushort[] rr)
    {
        long sum = 0;
        if (HeartRateMeasurementCodec.TryDecode(HeartRate, out var hr, out _))
        {
            sum += hr.HeartRateBpm + (int)hr.Warnings + HeartRateMeasurementCodec.CopyRrIntervalsRaw(hr, HeartRate, rr);
        }

        if (!HeartRateMeasurementCodec.TryDecode(HeartRateTruncated, out _, out var error))
        {
            sum += (int)error.Code + error.Offset;
        }

        if (RscMeasurementCodec.TryDecode(Rsc, out var rsc, out _))
        {
            var cadence = normalizer.Normalize(rsc);
            sum += rsc.CadenceRaw + (long)(cadence.CadenceSpm ?? 0) + (int)rsc.Warnings;
        }

        if (CyclingPowerMeasurementCodec.TryDecode(CyclingPower, out var cp, out _))
        {
            sum += cp.InstantaneousPowerW + (int)cp.Warnings;
        }

        if (BatteryLevelCodec.TryDecode(Rsc.AsSpan(3, 1), out var battery, out _))
        {
            sum += battery.Percent + (int)battery.Warnings;
        }

        if (BodySensorLocationCodec.TryDecode(Rsc.AsSpan(0, 1), out var location, out _))
        {
            sum += (int)location.Location + (int)location.Warnings;
        }

        if (RunningDynamicsCodec.TryDecode(RunningDynamics, out var rd, out _))
        {
            sum += (rd.GroundContactMs ?? 0) + (int)rd.Warnings;
        }

        return sum;
    }
}
