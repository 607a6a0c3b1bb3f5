namespace MindMuscle.Live.Core.Fit;

/// <summary>Maps the messages we read from their field values (profile scales; running cadence doubled to steps/min).</summary>
internal static class FitMessages
{
    public static bool IsRead(ushort global) => global is FitProfile.Mesg.FileId or FitProfile.Mesg.Record or FitProfile.Mesg.Lap
        or FitProfile.Mesg.Session or FitProfile.Mesg.Event or FitProfile.Mesg.DeviceInfo;

    /// <summary>Null for a record without a timestamp: it cannot be placed in time.</summary>
    public static FitRecord? Record(FitValues v)
    {
        if (v.Time(FitProfile.TimestampField) is not { } t)
        {
            return null;
        }

        return new FitRecord
        {
            Timestamp = t,
            HeartRateBpm = v.Int(FitProfile.Record.HeartRate),
            CadenceSpm = Cadence(v, FitProfile.Record.Cadence, FitProfile.Record.FractionalCadence),
            SpeedMps = v.Get(FitProfile.Record.EnhancedSpeed, FitProfile.Scale.Speed) ?? v.Get(FitProfile.Record.Speed, FitProfile.Scale.Speed),
            DistanceM = v.Get(FitProfile.Record.Distance, FitProfile.Scale.Distance),
            PowerW = v.Int(FitProfile.Record.Power),
            GroundContactMs = v.Get(FitProfile.Record.StanceTime, FitProfile.Scale.StanceTime),
            GctBalanceLeftPct = v.Get(FitProfile.Record.StanceTimeBalance, FitProfile.Scale.StanceTimeBalance),
            VerticalOscillationCm = v.Get(FitProfile.Record.VerticalOscillation, FitProfile.Scale.VerticalOscillationMm) / 10,
            StrideLengthM = v.Get(FitProfile.Record.StepLength, FitProfile.Scale.StepLengthMm) / 1000,
        };
    }

    public static FitLap? Lap(FitValues v)
    {
        if (Totals(v, LapTotals) is not { } totals)
        {
            return null;
        }

        return new FitLap
        {
            Totals = totals,
            Intensity = v.Int(FitProfile.Lap.Intensity) is { } i ? (FitIntensity)i : FitIntensity.Active,
            Trigger = v.Int(FitProfile.Lap.LapTrigger) is { } tr ? (FitLapTrigger)tr : FitLapTrigger.Manual,
        };
    }

    public static FitSession? Session(FitValues v)
    {
        if (Totals(v, SessionTotals) is not { } totals)
        {
            return null;
        }

        return new FitSession
        {
            Totals = totals,
            Sport = v.Int(FitProfile.Session.Sport),
            SubSport = v.Int(FitProfile.Session.SubSport),
            NumLaps = v.Int(FitProfile.Session.NumLaps),
        };
    }

    public static FitEvent Event(FitValues v) => new()
    {
        Timestamp = v.Time(FitProfile.TimestampField),
        Event = v.Int(FitProfile.Event.EventField),
        EventType = v.Int(FitProfile.Event.EventType),
    };

    public static FitDeviceInfo DeviceInfo(FitValues v) => new()
    {
        Timestamp = v.Time(FitProfile.TimestampField),
        DeviceIndex = v.Int(FitProfile.DeviceInfo.DeviceIndex),
        Manufacturer = v.Int(FitProfile.DeviceInfo.Manufacturer),
        Product = v.Int(FitProfile.DeviceInfo.Product),
        SoftwareVersion = v.Get(FitProfile.DeviceInfo.SoftwareVersion, FitProfile.Scale.SoftwareVersion),
        ProductName = v.String(FitProfile.DeviceInfo.ProductName),
    };

    public static FitFileId FileId(FitValues v) => new()
    {
        Type = v.Int(FitProfile.FileId.Type),
        Manufacturer = v.Int(FitProfile.FileId.Manufacturer),
        Product = v.Int(FitProfile.FileId.Product),
        SerialNumber = v.Long(FitProfile.FileId.SerialNumber),
        TimeCreated = v.Time(FitProfile.FileId.TimeCreated),
        ProductName = v.String(FitProfile.FileId.ProductName),
    };

    private static readonly TotalsFields LapTotals = new(
        FitProfile.Lap.StartTime, FitProfile.Lap.TotalElapsedTime, FitProfile.Lap.TotalTimerTime, FitProfile.Lap.TotalDistance,
        FitProfile.Lap.AvgSpeed, FitProfile.Lap.EnhancedAvgSpeed, FitProfile.Lap.MaxSpeed, FitProfile.Lap.EnhancedMaxSpeed,
        FitProfile.Lap.AvgHeartRate, FitProfile.Lap.MaxHeartRate, FitProfile.Lap.AvgCadence, FitProfile.Lap.AvgFractionalCadence,
        FitProfile.Lap.MaxCadence, FitProfile.Lap.MaxFractionalCadence, FitProfile.Lap.AvgPower, FitProfile.Lap.MaxPower,
        FitProfile.Lap.AvgStanceTime, FitProfile.Lap.AvgStanceTimeBalance, FitProfile.Lap.AvgVerticalOscillation, FitProfile.Lap.AvgStepLength);

    private static readonly TotalsFields SessionTotals = new(
        FitProfile.Session.StartTime, FitProfile.Session.TotalElapsedTime, FitProfile.Session.TotalTimerTime, FitProfile.Session.TotalDistance,
        FitProfile.Session.AvgSpeed, FitProfile.Session.EnhancedAvgSpeed, FitProfile.Session.MaxSpeed, FitProfile.Session.EnhancedMaxSpeed,
        FitProfile.Session.AvgHeartRate, FitProfile.Session.MaxHeartRate, FitProfile.Session.AvgCadence, FitProfile.Session.AvgFractionalCadence,
        FitProfile.Session.MaxCadence, FitProfile.Session.MaxFractionalCadence, FitProfile.Session.AvgPower, FitProfile.Session.MaxPower,
        FitProfile.Session.AvgStanceTime, FitProfile.Session.AvgStanceTimeBalance, FitProfile.Session.AvgVerticalOscillation, FitProfile.Session.AvgStepLength);

    /// <summary>Null when neither the start time nor the end timestamp is known.</summary>
    private static FitTotals? Totals(FitValues v, TotalsFields f)
    {
        var elapsed = v.Get(f.Elapsed, FitProfile.Scale.Time) ?? v.Get(f.Timer, FitProfile.Scale.Time);
        var end = v.Time(FitProfile.TimestampField);
        var start = v.Time(f.Start);
        elapsed ??= start is { } s0 && end is { } e0 && e0 >= s0 ? (e0 - s0) / 1000.0 : null;
        start ??= end is { } e && elapsed is { } el ? e - (long)Math.Round(el * 1000) : null;
        if (start is not { } startedAt)
        {
            return null;
        }

        return new FitTotals
        {
            StartedAt = startedAt,
            ElapsedS = elapsed ?? 0,
            DistanceM = v.Get(f.Distance, FitProfile.Scale.Distance),
            AvgSpeedMps = v.Get(f.EnhancedAvgSpeed, FitProfile.Scale.Speed) ?? v.Get(f.AvgSpeed, FitProfile.Scale.Speed),
            MaxSpeedMps = v.Get(f.EnhancedMaxSpeed, FitProfile.Scale.Speed) ?? v.Get(f.MaxSpeed, FitProfile.Scale.Speed),
            AvgHeartRateBpm = v.Int(f.AvgHeartRate),
            MaxHeartRateBpm = v.Int(f.MaxHeartRate),
            AvgCadenceSpm = Cadence(v, f.AvgCadence, f.AvgFractionalCadence),
            MaxCadenceSpm = Cadence(v, f.MaxCadence, f.MaxFractionalCadence),
            AvgPowerW = v.Int(f.AvgPower),
            MaxPowerW = v.Int(f.MaxPower),
            AvgGroundContactMs = v.Get(f.AvgStanceTime, FitProfile.Scale.StanceTime),
            AvgGctBalanceLeftPct = v.Get(f.AvgStanceTimeBalance, FitProfile.Scale.StanceTimeBalance),
            AvgVerticalOscillationCm = v.Get(f.AvgVerticalOscillation, FitProfile.Scale.VerticalOscillationMm) / 10,
            AvgStrideLengthM = v.Get(f.AvgStepLength, FitProfile.Scale.StepLengthMm) / 1000,
        };
    }

    /// <summary>Steps per minute: 2 × (cadence + fractional_cadence / 128), FIT's running cadence being one leg's.</summary>
    private static double? Cadence(FitValues v, byte whole, byte fraction) =>
        v.Get(whole) is { } c ? 2 * (c + (v.Get(fraction, FitProfile.Scale.FractionalCadence) ?? 0)) : null;

    private sealed record TotalsFields(
        byte Start, byte Elapsed, byte Timer, byte Distance, byte AvgSpeed, byte EnhancedAvgSpeed, byte MaxSpeed, byte EnhancedMaxSpeed,
        byte AvgHeartRate, byte MaxHeartRate, byte AvgCadence, byte AvgFractionalCadence, byte MaxCadence, byte MaxFractionalCadence,
        byte AvgPower, byte MaxPower, byte AvgStanceTime, byte AvgStanceTimeBalance, byte AvgVerticalOscillation, byte AvgStepLength);
}
