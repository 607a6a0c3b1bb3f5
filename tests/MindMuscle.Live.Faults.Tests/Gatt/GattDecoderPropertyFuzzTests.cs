using System.Diagnostics;
using System.Globalization;
using CsCheck;
using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Faults.Tests.Support;
using MindMuscle.Live.TestKit.Faults;

namespace MindMuscle.Live.Faults.Tests.Gatt;

/// <summary>
/// Property-based fuzzing of every GATT decoder: 1,000,000 generated inputs across the seven targets in CI
/// (10,000,000 with MML_LONG_TESTS=1). <see cref="GattFuzzOracle"/> holds the invariants and throws when one breaks;
/// CsCheck then shrinks the input and prints it. The same oracle runs under libFuzzer (scripts/fuzz.sh).
/// </summary>
public sealed class GattDecoderPropertyFuzzTests
{
    private static readonly long PerTarget = (LongTests.Enabled ? 10_000_000L : 1_000_000L) / Enum.GetValues<GattFuzzTarget>().Length + 1;

    public static TheoryData<GattFuzzTarget> Targets() => new(Enum.GetValues<GattFuzzTarget>());

    [Theory]
    [MemberData(nameof(Targets))]
    public void TryDecode_GeneratedPayloads_NoExceptionAndEveryRejectionTyped(GattFuzzTarget target)
    {
        var accepted = 0L;
        var rejected = 0L;
        var clock = Stopwatch.StartNew();

        GattPayloadGen.For(target).Sample(
            payload =>
            {
                if (GattFuzzOracle.Run(target, payload))
                {
                    Interlocked.Increment(ref accepted);
                }
                else
                {
                    Interlocked.Increment(ref rejected);
                }
            },
            iter: PerTarget);
        clock.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{target}: {accepted + rejected:N0} inputs in {clock.Elapsed.TotalSeconds:F1} s, {accepted:N0} accepted, {rejected:N0} rejected"));
        Assert.Equal(PerTarget, accepted + rejected);
        Assert.True(accepted > PerTarget / 20, $"{target}: only {accepted} accepted; the generator no longer reaches the decode");
        if (target is not (GattFuzzTarget.Battery or GattFuzzTarget.BodySensorLocation))
        {
            Assert.True(rejected > PerTarget / 20, $"{target}: only {rejected} rejected; the mutations no longer hit the error paths");
        }
    }

    [Theory]
    [InlineData(GattFuzzTarget.HeartRate, new[] { GattDecodeErrorCode.EmptyPayload, GattDecodeErrorCode.Truncated, GattDecodeErrorCode.ReservedFlagBits })]
    [InlineData(GattFuzzTarget.Rsc, new[] { GattDecodeErrorCode.EmptyPayload, GattDecodeErrorCode.Truncated, GattDecodeErrorCode.ReservedFlagBits })]
    [InlineData(GattFuzzTarget.CyclingPower, new[] { GattDecodeErrorCode.EmptyPayload, GattDecodeErrorCode.Truncated, GattDecodeErrorCode.ReservedFlagBits })]
    [InlineData(GattFuzzTarget.RunningDynamics, new[] { GattDecodeErrorCode.EmptyPayload, GattDecodeErrorCode.Truncated, GattDecodeErrorCode.ReservedFlagBits })]
    [InlineData(GattFuzzTarget.SampleDecoder, new[] { GattDecodeErrorCode.EmptyPayload, GattDecodeErrorCode.Truncated, GattDecodeErrorCode.ReservedFlagBits, GattDecodeErrorCode.UnsupportedCharacteristic })]
    public void TryDecode_GeneratedPayloads_ReachEveryErrorCode(GattFuzzTarget target, GattDecodeErrorCode[] expected)
    {
        var seen = new HashSet<GattDecodeErrorCode>();
        var gen = GattPayloadGen.For(target);

        gen.Sample(
            payload =>
            {
                var code = DecodeError(target, payload);
                lock (seen)
                {
                    seen.Add(code);
                }
            },
            iter: 20_000);

        Assert.Superset(expected.ToHashSet(), seen);
    }

    [Fact]
    public void WellFormed_EveryTarget_DecodesWithoutError()
    {
        foreach (var target in Enum.GetValues<GattFuzzTarget>().Where(t => t != GattFuzzTarget.SampleDecoder))
        {
            GattPayloadGen.WellFormed(target).Sample(payload => Assert.True(GattFuzzOracle.Run(target, payload), $"{target} rejected {Convert.ToHexString(payload)}"), iter: 5_000);
        }
    }

    private static GattDecodeErrorCode DecodeError(GattFuzzTarget target, byte[] payload)
    {
        GattDecodeError error;
        _ = target switch
        {
            GattFuzzTarget.HeartRate => HeartRateMeasurementCodec.TryDecode(payload, out _, out error),
            GattFuzzTarget.Rsc => RscMeasurementCodec.TryDecode(payload, out _, out error),
            GattFuzzTarget.CyclingPower => CyclingPowerMeasurementCodec.TryDecode(payload, out _, out error),
            GattFuzzTarget.RunningDynamics => RunningDynamicsCodec.TryDecode(payload, out _, out error),
            _ => GattSampleDecoder.TryDecode(
                GattFuzzOracle.Characteristics[payload.Length == 0 ? 0 : payload[0] & 7], payload.AsSpan(Math.Min(1, payload.Length)),
                DateTimeOffset.UnixEpoch, null, out _, out _, out error),
        };
        return error.Code;
    }
}
