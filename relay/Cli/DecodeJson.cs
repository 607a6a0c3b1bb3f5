using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Relay.Cli;

/// <summary>
/// Hex text → decoded value → one JSON object: the sample's metric fields (wire names, nulls kept), the
/// characteristic's extras, and a <c>warnings</c> array. A value outside the plausible range is printed as null, as the
/// relay would send it, with its <c>xxxNulled</c> warning next to the decoder's own out-of-range one.
/// </summary>
internal static class DecodeJson
{
    private static readonly char[] Separators = [' ', '\t', ':', '-', ','];
    private static readonly string[] SampleBookkeeping = ["seq", "observedAt", "backfilled"];

    // Terminal output, not HTML: keep quotes and apostrophes in messages readable.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>"16 3c 00 04", "16:3C:00:04", "163c0004", "0x16 0x3c" → bytes; false with a message otherwise.</summary>
    public static bool TryParseHex(string text, out byte[] bytes, out string message)
    {
        bytes = [];
        var digits = new System.Text.StringBuilder(text.Length);
        foreach (var token in text.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            digits.Append(token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? token[2..] : token);
        }

        var hex = digits.ToString();
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                message = $"invalid hex: '{c}' is not a hex digit";
                return false;
            }
        }

        if (hex.Length % 2 != 0)
        {
            message = $"invalid hex: odd number of hex digits ({hex.Length})";
            return false;
        }

        bytes = Convert.FromHexString(hex);
        message = "";
        return true;
    }

    public static bool TryDecodeLine(
        Guid uuid, string hexText, CadenceNormalizer normalizer, out string json, out string message, int? line = null)
    {
        json = "";
        if (!TryParseHex(hexText, out var payload, out message))
        {
            return false;
        }

        var node = new JsonObject();
        if (line is { } n)
        {
            node["line"] = n;
        }

        node["characteristic"] = GattUuids.Format(uuid);
        if (!TryDecode(uuid, payload, normalizer, node, out var warnings, out var error))
        {
            message = error.Message;
            return false;
        }

        var list = new JsonArray();
        foreach (var (code, text) in warnings.Describe())
        {
            list.Add(new JsonObject { ["code"] = code, ["message"] = text });
        }

        node["warnings"] = list;
        json = node.ToJsonString(Relaxed);
        return true;
    }

    public static string LineError(int line, string error) => new JsonObject { ["line"] = line, ["error"] = error }.ToJsonString(Relaxed);

    private static bool TryDecode(
        Guid uuid, byte[] payload, CadenceNormalizer normalizer, JsonObject node, out GattWarnings warnings, out GattDecodeError error)
    {
        // The decode time is irrelevant to a one-off decode; the sample's observedAt is dropped from the output.
        var at = DateTimeOffset.UnixEpoch;
        warnings = GattWarnings.None;
        if (uuid == GattUuids.RunningDynamics)
        {
            if (!RunningDynamicsCodec.TryDecode(payload, out var rd, out error))
            {
                return false;
            }

            AddSample(node, GattSampleMapper.ToSample(rd, at, out var rdNulled));
            warnings = rd.Warnings | rdNulled;
            return true;
        }

        GattUuids.TryGetShortId(uuid, out var id);
        switch (id)
        {
            case GattUuids.HeartRateMeasurement:
                return TryHeartRate(payload, node, out warnings, out error);
            case GattUuids.RscMeasurement:
                return TryRsc(payload, normalizer, node, out warnings, out error);
            case GattUuids.CyclingPowerMeasurement:
                return TryCyclingPower(payload, node, out warnings, out error);
            case GattUuids.BatteryLevel:
                if (!BatteryLevelCodec.TryDecode(payload, out var battery, out error))
                {
                    return false;
                }

                AddSample(node, GattSampleMapper.ToSample(battery, at, out var batteryNulled));
                warnings = battery.Warnings | batteryNulled;
                return true;
            case GattUuids.BodySensorLocation:
                if (!BodySensorLocationCodec.TryDecode(payload, out var location, out error))
                {
                    return false;
                }

                AddSample(node, GattSampleMapper.ToSample(location, at));
                node["bodySensorLocation"] = location.Name;
                warnings = location.Warnings;
                return true;
            default:
                error = new GattDecodeError(GattDecodeErrorCode.UnsupportedCharacteristic, Field: GattUuids.Format(uuid));
                return false;
        }
    }

    private static bool TryHeartRate(byte[] payload, JsonObject node, out GattWarnings warnings, out GattDecodeError error)
    {
        warnings = GattWarnings.None;
        if (!HeartRateMeasurementCodec.TryDecode(payload, out var hr, out error))
        {
            return false;
        }

        AddSample(node, GattSampleMapper.ToSample(hr, DateTimeOffset.UnixEpoch, payload, out var nulled));
        node["heartRateFormat"] = hr.IsUInt16Format ? "uint16" : "uint8";
        node["sensorContactSupported"] = hr.SensorContact != SensorContactStatus.NotSupported;
        node["energyExpendedKj"] = hr.EnergyExpendedKj;
        JsonArray? rrRaw = null;
        if (hr.RrIntervalCount > 0)
        {
            var raw = new ushort[hr.RrIntervalCount];
            var n = HeartRateMeasurementCodec.CopyRrIntervalsRaw(hr, payload, raw);
            rrRaw = [.. raw.Take(n).Select(v => (JsonNode)v)];
        }

        node["rrIntervalsRaw"] = rrRaw;

        // The CLI prints every RR interval from the payload, so the inline-capacity note is not news to its reader.
        warnings = (hr.Warnings & ~GattWarnings.RrIntervalsBeyondInlineCapacity) | nulled;
        return true;
    }

    private static bool TryRsc(
        byte[] payload, CadenceNormalizer normalizer, JsonObject node, out GattWarnings warnings, out GattDecodeError error)
    {
        warnings = GattWarnings.None;
        if (!RscMeasurementCodec.TryDecode(payload, out var rsc, out error))
        {
            return false;
        }

        var cadence = normalizer.Normalize(rsc);
        AddSample(node, GattSampleMapper.ToSample(rsc, cadence, DateTimeOffset.UnixEpoch, out var nulled));
        node["cadenceRaw"] = rsc.CadenceRaw;
        node["cadenceMode"] = CamelCase(cadence.AppliedMode.ToString());
        node["cadenceEvidence"] = CamelCase(cadence.Evidence.ToString());
        node["isRunning"] = rsc.IsRunning;
        warnings = rsc.Warnings | cadence.Warnings | nulled;
        return true;
    }

    private static bool TryCyclingPower(byte[] payload, JsonObject node, out GattWarnings warnings, out GattDecodeError error)
    {
        warnings = GattWarnings.None;
        if (!CyclingPowerMeasurementCodec.TryDecode(payload, out var cp, out error))
        {
            return false;
        }

        AddSample(node, GattSampleMapper.ToSample(cp, DateTimeOffset.UnixEpoch, out var nulled));
        node["pedalPowerBalancePct"] = cp.PedalPowerBalancePct;
        node["pedalPowerBalanceReference"] = cp.PedalPowerBalanceRaw.HasValue
            ? (cp.PedalPowerBalanceReferenceLeft ? "left" : "unknown")
            : null;
        node["accumulatedTorqueNm"] = cp.AccumulatedTorqueNm;
        node["accumulatedTorqueSource"] = cp.AccumulatedTorqueRaw.HasValue ? (cp.AccumulatedTorqueCrankBased ? "crank" : "wheel") : null;
        node["wheelRevolutions"] = cp.WheelRevolutions?.Revolutions;
        node["lastWheelEventTimeS"] = cp.WheelRevolutions?.LastEventTime2048 / 2048.0;
        node["crankRevolutions"] = cp.CrankRevolutions?.Revolutions;
        node["lastCrankEventTimeS"] = cp.CrankRevolutions?.LastEventTime1024 / 1024.0;
        node["maxForceN"] = cp.ExtremeForceMagnitudesN?.Maximum;
        node["minForceN"] = cp.ExtremeForceMagnitudesN?.Minimum;
        node["maxTorqueNm"] = cp.ExtremeTorqueMagnitudesRaw?.Maximum / 32.0;
        node["minTorqueNm"] = cp.ExtremeTorqueMagnitudesRaw?.Minimum / 32.0;
        node["maxAngleDeg"] = cp.ExtremeAnglesDeg?.Maximum;
        node["minAngleDeg"] = cp.ExtremeAnglesDeg?.Minimum;
        node["topDeadSpotAngleDeg"] = cp.TopDeadSpotAngleDeg;
        node["bottomDeadSpotAngleDeg"] = cp.BottomDeadSpotAngleDeg;
        node["accumulatedEnergyKj"] = cp.AccumulatedEnergyKj;
        node["offsetCompensationIndicator"] = cp.OffsetCompensationIndicator;
        warnings = cp.Warnings | nulled;
        return true;
    }

    /// <summary>The sample's metric fields under their wire names; seq/observedAt/backfilled mean nothing here.</summary>
    private static void AddSample(JsonObject node, MetricSample sample)
    {
        var sampleNode = JsonSerializer.SerializeToNode(sample)!.AsObject();
        foreach (var (name, value) in sampleNode.ToList())
        {
            if (!SampleBookkeeping.Contains(name))
            {
                sampleNode.Remove(name);
                node[name] = value;
            }
        }
    }

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
