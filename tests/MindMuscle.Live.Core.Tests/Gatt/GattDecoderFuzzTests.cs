using CsCheck;
using MindMuscle.Live.Core.Gatt;
using static MindMuscle.Live.Core.Tests.Gatt.GattTestData;

namespace MindMuscle.Live.Core.Tests.Gatt;

/// <summary>
/// 100,000 random payloads per decoder: none may throw, every rejection must carry a typed error code with a message,
/// and every acceptance a clean (None) error. CsCheck shrinks and prints the failing payload if one does.
/// </summary>
public sealed class GattDecoderFuzzTests
{
    private const long Iterations = 100_000;

    public delegate bool Decoder(ReadOnlySpan<byte> payload, out GattDecodeErrorCode code, out string message);

    public static TheoryData<string> Decoders() => new(DecoderTable.Keys);

    [Theory]
    [MemberData(nameof(Decoders))]
    public void TryDecode_RandomPayloads_NeverThrowAndRejectWithTypedError(string name)
    {
        var decode = DecoderTable[name];
        var accepted = 0L;
        var rejected = 0L;

        Payloads.Sample(payload =>
        {
            var ok = decode(payload, out var code, out var message);

            if (ok)
            {
                Assert.Equal(GattDecodeErrorCode.None, code);
                Interlocked.Increment(ref accepted);
            }
            else
            {
                Assert.True(Enum.IsDefined(code) && code != GattDecodeErrorCode.None, $"untyped rejection {code}");
                Assert.False(string.IsNullOrWhiteSpace(message));
                Assert.NotEqual(code.ToString(), message);
                Interlocked.Increment(ref rejected);
            }
        }, iter: Iterations);

        // Both paths must actually have been exercised, or the test proves nothing.
        Assert.Equal(Iterations, accepted + rejected);
        Assert.True(accepted > 0, $"{name}: nothing accepted");
        Assert.True(rejected > 0 || name is "battery" or "bodySensorLocation", $"{name}: nothing rejected");
    }

    [Fact]
    public void TryDecode_RandomPayloadsThroughUuidDispatch_NeverThrow()
    {
        var uuids = new[]
        {
            GattUuids.FromShortId(GattUuids.HeartRateMeasurement), GattUuids.FromShortId(GattUuids.RscMeasurement),
            GattUuids.FromShortId(GattUuids.CyclingPowerMeasurement), GattUuids.FromShortId(GattUuids.BatteryLevel),
            GattUuids.FromShortId(GattUuids.BodySensorLocation), GattUuids.RunningDynamics, GattUuids.FromShortId(0x2A00),
        };

        Gen.Select(Gen.Int[0, uuids.Length - 1], Payloads).Sample((index, payload) =>
        {
            var ok = GattSampleDecoder.TryDecode(uuids[index], payload, DateTimeOffset.UnixEpoch, null, out var sample, out _, out var error);

            Assert.Equal(ok, sample is not null);
            Assert.Equal(ok, error.Code == GattDecodeErrorCode.None);
        }, iter: 20_000);
    }

    private static readonly Dictionary<string, Decoder> DecoderTable = new()
    {
        ["heartRate"] = (ReadOnlySpan<byte> p, out GattDecodeErrorCode c, out string m) => Wrap(HeartRateMeasurementCodec.TryDecode(p, out _, out var e), e, out c, out m),
        ["rsc"] = (ReadOnlySpan<byte> p, out GattDecodeErrorCode c, out string m) => Wrap(RscMeasurementCodec.TryDecode(p, out _, out var e), e, out c, out m),
        ["cyclingPower"] = (ReadOnlySpan<byte> p, out GattDecodeErrorCode c, out string m) => Wrap(CyclingPowerMeasurementCodec.TryDecode(p, out _, out var e), e, out c, out m),
        ["battery"] = (ReadOnlySpan<byte> p, out GattDecodeErrorCode c, out string m) => Wrap(BatteryLevelCodec.TryDecode(p, out _, out var e), e, out c, out m),
        ["bodySensorLocation"] = (ReadOnlySpan<byte> p, out GattDecodeErrorCode c, out string m) => Wrap(BodySensorLocationCodec.TryDecode(p, out _, out var e), e, out c, out m),
        ["runningDynamics"] = (ReadOnlySpan<byte> p, out GattDecodeErrorCode c, out string m) => Wrap(RunningDynamicsCodec.TryDecode(p, out _, out var e), e, out c, out m),
    };

    private static bool Wrap(bool ok, GattDecodeError error, out GattDecodeErrorCode code, out string message)
    {
        code = error.Code;
        message = ok ? "" : error.Message;
        return ok;
    }
}
