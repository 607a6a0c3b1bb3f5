using System.Buffers.Binary;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Relay.Ble;

/// <summary>
/// THE SEAM between the relay and the GATT codecs. Everything in the relay that turns readings into notification bytes
/// (the simulator) or bytes into samples (every source) goes through here. INTERIM: until core/Gatt (branch <c>gatt</c>)
/// is on main these are small local codecs for exactly the layouts the relay uses; afterwards the bodies forward to
/// core/Gatt's encoders and <c>GattSampleDecoder</c> and nothing else changes. One instance per sensor (the real decoder
/// keeps per-footpod cadence state).
/// </summary>
internal sealed class GattPayloadCodec
{
    private const byte HrFlagUInt16 = 0x01, HrFlagContactDetected = 0x02, HrFlagContactSupported = 0x04, HrFlagEnergy = 0x08, HrFlagRr = 0x10;
    private const byte RscFlagStride = 0x01, RscFlagDistance = 0x02, RscFlagRunning = 0x04;
    private const byte RdFlagGct = 0x01, RdFlagVo = 0x02, RdFlagBalance = 0x04;

    /// <summary>Heart Rate Measurement 0x2A37: uint8 bpm, contact supported + state, RR intervals in 1/1024 s.</summary>
    public static byte[] EncodeHeartRate(int bpm, bool? contact, ReadOnlySpan<double> rrIntervalsMs)
    {
        var rrCount = Math.Min(rrIntervalsMs.Length, 9);
        var wide = bpm > byte.MaxValue;
        var bytes = new byte[1 + (wide ? 2 : 1) + (2 * rrCount)];
        bytes[0] = (byte)((wide ? HrFlagUInt16 : 0)
            | (contact is null ? 0 : HrFlagContactSupported | (contact.Value ? HrFlagContactDetected : 0))
            | (rrCount > 0 ? HrFlagRr : 0));
        var offset = 1;
        if (wide)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)Math.Clamp(bpm, 0, ushort.MaxValue));
            offset += 2;
        }
        else
        {
            bytes[offset++] = (byte)Math.Max(0, bpm);
        }

        // A strap holds at most nine intervals per notification at the default MTU; the oldest extra ones are dropped, as real straps do.
        foreach (var rr in rrIntervalsMs[^rrCount..])
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)Math.Clamp(Math.Round(rr * 1024 / 1000), 0, ushort.MaxValue));
            offset += 2;
        }

        return bytes;
    }

    /// <summary>RSC Measurement 0x2A53: speed 1/256 m/s, cadence steps/min, stride 1/100 m, total distance 1/10 m, running.</summary>
    public static byte[] EncodeRsc(double speedMps, double cadenceSpm, double strideM, double distanceM)
    {
        var bytes = new byte[10];
        bytes[0] = RscFlagStride | RscFlagDistance | RscFlagRunning;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1), Clamp16(speedMps * 256));
        bytes[3] = (byte)Math.Clamp(Math.Round(cadenceSpm), 0, byte.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), Clamp16(strideM * 100));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(6), (uint)Math.Clamp(Math.Round(distanceM * 10), 0, uint.MaxValue));
        return bytes;
    }

    /// <summary>Vendor Running Dynamics: GCT ms, vertical oscillation 1/10 mm, balance 1/100 % left (docs/gatt.md).</summary>
    public static byte[] EncodeRunningDynamics(double groundContactMs, double verticalOscillationCm, double balanceLeftPct)
    {
        var bytes = new byte[7];
        bytes[0] = RdFlagGct | RdFlagVo | RdFlagBalance;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1), Clamp16(groundContactMs));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(3), Clamp16(verticalOscillationCm * 100));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(5), Clamp16(balanceLeftPct * 100));
        return bytes;
    }

    /// <summary>Cycling Power Measurement 0x2A63: flags uint16 0, instantaneous power sint16 W.</summary>
    public static byte[] EncodePower(double powerW)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2), (short)Math.Clamp(Math.Round(powerW), short.MinValue, short.MaxValue));
        return bytes;
    }

    public static byte[] EncodeBattery(int percent) => [(byte)Math.Clamp(percent, 0, 100)];

    /// <summary>Body Sensor Location 0x2A38: 1 = chest.</summary>
    public static byte[] EncodeBodySensorLocation(byte location) => [location];

    /// <summary>Payloads this sensor sent that could not be decoded (malformed or unknown); each was skipped, never guessed.</summary>
    public long Rejected { get; private set; }

    /// <summary>Decodes a notification or read value to a sample (Seq 0); false with a reason for malformed or unknown payloads.</summary>
    public bool TryDecode(Guid characteristic, ReadOnlySpan<byte> payload, DateTimeOffset observedAt, out MetricSample? sample, out string? error)
    {
        if (TryDecodeCore(characteristic, payload, observedAt, out sample, out error))
        {
            return true;
        }

        Rejected++;
        return false;
    }

    private static bool TryDecodeCore(Guid characteristic, ReadOnlySpan<byte> payload, DateTimeOffset observedAt, out MetricSample? sample, out string? error)
    {
        sample = null;
        error = null;
        var at = observedAt.ToUnixTimeMilliseconds();
        if (payload.IsEmpty)
        {
            error = "empty payload";
            return false;
        }

        if (characteristic == BleUuids.HeartRateMeasurement)
        {
            return TryDecodeHeartRate(payload, at, out sample, out error);
        }

        if (characteristic == BleUuids.RscMeasurement)
        {
            var flags = payload[0];
            var need = 4 + ((flags & RscFlagStride) != 0 ? 2 : 0) + ((flags & RscFlagDistance) != 0 ? 4 : 0);
            if ((flags & 0xF8) != 0 || payload.Length < need)
            {
                error = (flags & 0xF8) != 0 ? "reserved flag bits set" : $"truncated: needs {need} bytes, {payload.Length} present";
                return false;
            }

            var offset = 4;
            double? stride = null, distance = null;
            if ((flags & RscFlagStride) != 0)
            {
                stride = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]) / 100.0;
                offset += 2;
            }

            if ((flags & RscFlagDistance) != 0)
            {
                distance = BinaryPrimitives.ReadUInt32LittleEndian(payload[offset..]) / 10.0;
            }

            sample = new MetricSample
            {
                ObservedAt = at,
                SpeedMps = BinaryPrimitives.ReadUInt16LittleEndian(payload[1..]) / 256.0,
                CadenceSpm = payload[3],
                StrideLengthM = stride,
                DistanceM = distance,
            };
            return true;
        }

        if (characteristic == BleUuids.RunningDynamics)
        {
            var flags = payload[0];
            var count = ((flags & RdFlagGct) != 0 ? 1 : 0) + ((flags & RdFlagVo) != 0 ? 1 : 0) + ((flags & RdFlagBalance) != 0 ? 1 : 0);
            if ((flags & 0xF8) != 0 || payload.Length < 1 + (2 * count))
            {
                error = (flags & 0xF8) != 0 ? "reserved flag bits set" : $"truncated: needs {1 + (2 * count)} bytes, {payload.Length} present";
                return false;
            }

            var offset = 1;
            var gct = ReadOptional(payload, flags, RdFlagGct, 1, ref offset);
            var vo = ReadOptional(payload, flags, RdFlagVo, 100, ref offset);
            var balance = ReadOptional(payload, flags, RdFlagBalance, 100, ref offset);
            sample = new MetricSample { ObservedAt = at, GroundContactMs = gct, VerticalOscillationCm = vo, GctBalanceLeftPct = balance };
            return true;
        }

        if (characteristic == BleUuids.CyclingPowerMeasurement)
        {
            if (payload.Length < 4)
            {
                error = $"truncated: needs 4 bytes, {payload.Length} present";
                return false;
            }

            sample = new MetricSample { ObservedAt = at, PowerW = BinaryPrimitives.ReadInt16LittleEndian(payload[2..]) };
            return true;
        }

        if (characteristic == BleUuids.BatteryLevel)
        {
            if (payload[0] > 100)
            {
                error = $"battery level {payload[0]} out of range";
                return false;
            }

            sample = new MetricSample { ObservedAt = at, BatteryPct = payload[0] };
            return true;
        }

        error = $"unsupported characteristic {BleUuids.Format(characteristic)}";
        return false;
    }

    private static bool TryDecodeHeartRate(ReadOnlySpan<byte> payload, long at, out MetricSample? sample, out string? error)
    {
        sample = null;
        var flags = payload[0];
        if ((flags & 0xE0) != 0)
        {
            error = "reserved flag bits set";
            return false;
        }

        var offset = 1;
        var wide = (flags & HrFlagUInt16) != 0;
        if (payload.Length < offset + (wide ? 2 : 1))
        {
            error = "truncated: heart rate value";
            return false;
        }

        int bpm = wide ? BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]) : payload[offset];
        offset += wide ? 2 : 1;
        if ((flags & HrFlagEnergy) != 0)
        {
            offset += 2;
        }

        double[]? rr = null;
        if ((flags & HrFlagRr) != 0)
        {
            var rest = payload.Length - offset;
            if (rest < 2 || rest % 2 != 0)
            {
                error = "truncated: RR interval";
                return false;
            }

            rr = new double[rest / 2];
            for (var i = 0; i < rr.Length; i++)
            {
                rr[i] = BinaryPrimitives.ReadUInt16LittleEndian(payload[(offset + (2 * i))..]) * 1000.0 / 1024;
            }
        }

        bool? contact = (flags & HrFlagContactSupported) == 0 ? null : (flags & HrFlagContactDetected) != 0;
        sample = new MetricSample { ObservedAt = at, HeartRateBpm = bpm, RrIntervalsMs = rr, SensorContact = contact };
        error = null;
        return true;
    }

    private static double? ReadOptional(ReadOnlySpan<byte> payload, byte flags, byte flag, double scale, ref int offset)
    {
        if ((flags & flag) == 0)
        {
            return null;
        }

        var raw = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]);
        offset += 2;
        return raw / scale;
    }

    private static ushort Clamp16(double value) => (ushort)Math.Clamp(Math.Round(value), 0, ushort.MaxValue);
}
