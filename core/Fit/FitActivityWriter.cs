namespace MindMuscle.Live.Core.Fit;

/// <summary>
/// Writes an activity as a FIT activity file, in the order a watch writes one: file_id, device_info, timer start,
/// records, timer stop, laps, session, activity. Values outside a field's range are written as missing.
/// </summary>
public static class FitActivityWriter
{
    private const int NameBytes = 20;
    private const byte FileIdLocal = 0, DeviceLocal = 1, EventLocal = 2, RecordLocal = 3, LapLocal = 4, SessionLocal = 5, ActivityLocal = 6;

    private static readonly FitField[] FileIdFields =
    [
        new(FitProfile.FileId.Type, FitBaseType.Enum),
        new(FitProfile.FileId.Manufacturer, FitBaseType.UInt16),
        new(FitProfile.FileId.Product, FitBaseType.UInt16),
        new(FitProfile.FileId.SerialNumber, FitBaseType.UInt32z),
        new(FitProfile.FileId.TimeCreated, FitBaseType.UInt32),
        new(FitProfile.FileId.ProductName, FitBaseType.String, NameBytes),
    ];

    private static readonly FitField[] DeviceFields =
    [
        new(FitProfile.TimestampField, FitBaseType.UInt32),
        new(FitProfile.DeviceInfo.DeviceIndex, FitBaseType.UInt8),
        new(FitProfile.DeviceInfo.Manufacturer, FitBaseType.UInt16),
        new(FitProfile.DeviceInfo.Product, FitBaseType.UInt16),
        new(FitProfile.DeviceInfo.SoftwareVersion, FitBaseType.UInt16),
        new(FitProfile.DeviceInfo.ProductName, FitBaseType.String, NameBytes),
    ];

    private static readonly FitField[] EventFields =
    [
        new(FitProfile.TimestampField, FitBaseType.UInt32),
        new(FitProfile.Event.EventField, FitBaseType.Enum),
        new(FitProfile.Event.EventType, FitBaseType.Enum),
        new(FitProfile.Event.EventGroup, FitBaseType.UInt8),
    ];

    private static readonly FitField[] RecordFields =
    [
        new(FitProfile.TimestampField, FitBaseType.UInt32),
        new(FitProfile.Record.HeartRate, FitBaseType.UInt8),
        new(FitProfile.Record.Cadence, FitBaseType.UInt8),
        new(FitProfile.Record.FractionalCadence, FitBaseType.UInt8),
        new(FitProfile.Record.Distance, FitBaseType.UInt32),
        new(FitProfile.Record.EnhancedSpeed, FitBaseType.UInt32),
        new(FitProfile.Record.Power, FitBaseType.UInt16),
        new(FitProfile.Record.StanceTime, FitBaseType.UInt16),
        new(FitProfile.Record.StanceTimeBalance, FitBaseType.UInt16),
        new(FitProfile.Record.VerticalOscillation, FitBaseType.UInt16),
        new(FitProfile.Record.StepLength, FitBaseType.UInt16),
    ];

    private static readonly FitField[] LapFields =
    [
        new(FitProfile.TimestampField, FitBaseType.UInt32),
        new(FitProfile.MessageIndexField, FitBaseType.UInt16),
        new(FitProfile.Lap.Event, FitBaseType.Enum),
        new(FitProfile.Lap.EventType, FitBaseType.Enum),
        new(FitProfile.Lap.StartTime, FitBaseType.UInt32),
        new(FitProfile.Lap.TotalElapsedTime, FitBaseType.UInt32),
        new(FitProfile.Lap.TotalTimerTime, FitBaseType.UInt32),
        new(FitProfile.Lap.TotalDistance, FitBaseType.UInt32),
        new(FitProfile.Lap.EnhancedAvgSpeed, FitBaseType.UInt32),
        new(FitProfile.Lap.EnhancedMaxSpeed, FitBaseType.UInt32),
        new(FitProfile.Lap.AvgHeartRate, FitBaseType.UInt8),
        new(FitProfile.Lap.MaxHeartRate, FitBaseType.UInt8),
        new(FitProfile.Lap.AvgCadence, FitBaseType.UInt8),
        new(FitProfile.Lap.AvgFractionalCadence, FitBaseType.UInt8),
        new(FitProfile.Lap.MaxCadence, FitBaseType.UInt8),
        new(FitProfile.Lap.MaxFractionalCadence, FitBaseType.UInt8),
        new(FitProfile.Lap.AvgPower, FitBaseType.UInt16),
        new(FitProfile.Lap.MaxPower, FitBaseType.UInt16),
        new(FitProfile.Lap.AvgStanceTime, FitBaseType.UInt16),
        new(FitProfile.Lap.AvgStanceTimeBalance, FitBaseType.UInt16),
        new(FitProfile.Lap.AvgVerticalOscillation, FitBaseType.UInt16),
        new(FitProfile.Lap.AvgStepLength, FitBaseType.UInt16),
        new(FitProfile.Lap.Intensity, FitBaseType.Enum),
        new(FitProfile.Lap.LapTrigger, FitBaseType.Enum),
        new(FitProfile.Lap.Sport, FitBaseType.Enum),
    ];

    private static readonly FitField[] SessionFields =
    [
        new(FitProfile.TimestampField, FitBaseType.UInt32),
        new(FitProfile.MessageIndexField, FitBaseType.UInt16),
        new(FitProfile.Session.Event, FitBaseType.Enum),
        new(FitProfile.Session.EventType, FitBaseType.Enum),
        new(FitProfile.Session.StartTime, FitBaseType.UInt32),
        new(FitProfile.Session.TotalElapsedTime, FitBaseType.UInt32),
        new(FitProfile.Session.TotalTimerTime, FitBaseType.UInt32),
        new(FitProfile.Session.TotalDistance, FitBaseType.UInt32),
        new(FitProfile.Session.EnhancedAvgSpeed, FitBaseType.UInt32),
        new(FitProfile.Session.EnhancedMaxSpeed, FitBaseType.UInt32),
        new(FitProfile.Session.AvgHeartRate, FitBaseType.UInt8),
        new(FitProfile.Session.MaxHeartRate, FitBaseType.UInt8),
        new(FitProfile.Session.AvgCadence, FitBaseType.UInt8),
        new(FitProfile.Session.AvgFractionalCadence, FitBaseType.UInt8),
        new(FitProfile.Session.MaxCadence, FitBaseType.UInt8),
        new(FitProfile.Session.MaxFractionalCadence, FitBaseType.UInt8),
        new(FitProfile.Session.AvgPower, FitBaseType.UInt16),
        new(FitProfile.Session.MaxPower, FitBaseType.UInt16),
        new(FitProfile.Session.AvgStanceTime, FitBaseType.UInt16),
        new(FitProfile.Session.AvgStanceTimeBalance, FitBaseType.UInt16),
        new(FitProfile.Session.AvgVerticalOscillation, FitBaseType.UInt16),
        new(FitProfile.Session.AvgStepLength, FitBaseType.UInt16),
        new(FitProfile.Session.FirstLapIndex, FitBaseType.UInt16),
        new(FitProfile.Session.NumLaps, FitBaseType.UInt16),
        new(FitProfile.Session.Sport, FitBaseType.Enum),
        new(FitProfile.Session.SubSport, FitBaseType.Enum),
        new(FitProfile.Session.Trigger, FitBaseType.Enum),
    ];

    private static readonly FitField[] ActivityFields =
    [
        new(FitProfile.TimestampField, FitBaseType.UInt32),
        new(FitProfile.Activity.TotalTimerTime, FitBaseType.UInt32),
        new(FitProfile.Activity.NumSessions, FitBaseType.UInt16),
        new(FitProfile.Activity.Type, FitBaseType.Enum),
        new(FitProfile.Activity.Event, FitBaseType.Enum),
        new(FitProfile.Activity.EventType, FitBaseType.Enum),
    ];

    public static byte[] Write(FitActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var fit = new FitEncoder();
        WriteFileId(fit, activity.FileId);
        fit.Define(DeviceLocal, FitProfile.Mesg.DeviceInfo, DeviceFields);
        foreach (var d in activity.Devices)
        {
            fit.Data(DeviceLocal);
            fit.DateTime(d.Timestamp);
            fit.UInt8(d.DeviceIndex);
            fit.UInt16(d.Manufacturer);
            fit.UInt16(d.Product);
            fit.UInt16(d.SoftwareVersion, FitProfile.Scale.SoftwareVersion);
            fit.String(d.ProductName, NameBytes);
        }

        fit.Define(EventLocal, FitProfile.Mesg.Event, EventFields);
        fit.Define(RecordLocal, FitProfile.Mesg.Record, RecordFields);
        var stops = activity.Events.Where(e => e.EventType != FitProfile.Values.EventTypeStart).ToList();
        foreach (var e in activity.Events.Where(e => e.EventType == FitProfile.Values.EventTypeStart))
        {
            WriteEvent(fit, e);
        }

        foreach (var r in activity.Records)
        {
            WriteRecord(fit, r);
        }

        foreach (var e in stops)
        {
            WriteEvent(fit, e);
        }

        fit.Define(LapLocal, FitProfile.Mesg.Lap, LapFields);
        for (var i = 0; i < activity.Laps.Count; i++)
        {
            WriteLap(fit, activity.Laps[i], i);
        }

        fit.Define(SessionLocal, FitProfile.Mesg.Session, SessionFields);
        for (var i = 0; i < activity.Sessions.Count; i++)
        {
            WriteSession(fit, activity.Sessions[i], i);
        }

        fit.Define(ActivityLocal, FitProfile.Mesg.Activity, ActivityFields);
        long? end = activity.Sessions.Count > 0 ? activity.Sessions.Max(s => s.Totals.EndedAt) : (activity.Records.Count > 0 ? activity.Records[^1].Timestamp : null);
        fit.Data(ActivityLocal);
        fit.DateTime(end);
        fit.UInt32(activity.Sessions.Sum(s => s.Totals.ElapsedS), FitProfile.Scale.Time);
        fit.UInt16(activity.Sessions.Count);
        fit.Enum(FitProfile.Values.ActivityManual);
        fit.Enum(FitProfile.Values.EventActivity);
        fit.Enum(FitProfile.Values.EventTypeStop);
        return fit.Finish();
    }

    private static void WriteFileId(FitEncoder fit, FitFileId id)
    {
        fit.Define(FileIdLocal, FitProfile.Mesg.FileId, FileIdFields);
        fit.Data(FileIdLocal);
        fit.Enum(id.Type);
        fit.UInt16(id.Manufacturer);
        fit.UInt16(id.Product);
        fit.UInt32z(id.SerialNumber);
        fit.DateTime(id.TimeCreated);
        fit.String(id.ProductName, NameBytes);
    }

    private static void WriteEvent(FitEncoder fit, FitEvent e)
    {
        fit.Data(EventLocal);
        fit.DateTime(e.Timestamp);
        fit.Enum(e.Event);
        fit.Enum(e.EventType);
        fit.UInt8(0);
    }

    private static void WriteRecord(FitEncoder fit, FitRecord r)
    {
        fit.Data(RecordLocal);
        fit.DateTime(r.Timestamp);
        fit.UInt8(r.HeartRateBpm);
        WriteCadence(fit, r.CadenceSpm);
        fit.UInt32(r.DistanceM, FitProfile.Scale.Distance);
        fit.UInt32(r.SpeedMps, FitProfile.Scale.Speed);
        fit.UInt16(r.PowerW);
        fit.UInt16(r.GroundContactMs, FitProfile.Scale.StanceTime);
        fit.UInt16(r.GctBalanceLeftPct, FitProfile.Scale.StanceTimeBalance);
        fit.UInt16(r.VerticalOscillationCm * 10, FitProfile.Scale.VerticalOscillationMm);
        fit.UInt16(r.StrideLengthM * 1000, FitProfile.Scale.StepLengthMm);
    }

    private static void WriteLap(FitEncoder fit, FitLap lap, int index)
    {
        var t = lap.Totals;
        fit.Data(LapLocal);
        fit.DateTime(t.EndedAt);
        fit.UInt16(index);
        fit.Enum(FitProfile.Values.EventLap);
        fit.Enum(FitProfile.Values.EventTypeStop);
        WriteTotals(fit, t);
        fit.Enum((int)lap.Intensity);
        fit.Enum((int)lap.Trigger);
        fit.Enum(FitProfile.Values.SportRunning);
    }

    private static void WriteSession(FitEncoder fit, FitSession session, int index)
    {
        fit.Data(SessionLocal);
        fit.DateTime(session.Totals.EndedAt);
        fit.UInt16(index);
        fit.Enum(FitProfile.Values.EventSession);
        fit.Enum(FitProfile.Values.EventTypeStop);
        WriteTotals(fit, session.Totals);
        fit.UInt16(0);
        fit.UInt16(session.NumLaps);
        fit.Enum(session.Sport);
        fit.Enum(session.SubSport);
        fit.Enum(FitProfile.Values.SessionTriggerActivityEnd);
    }

    /// <summary>The fields laps and sessions share, in the order of both definitions.</summary>
    private static void WriteTotals(FitEncoder fit, FitTotals t)
    {
        fit.DateTime(t.StartedAt);
        fit.UInt32(t.ElapsedS, FitProfile.Scale.Time);
        fit.UInt32(t.ElapsedS, FitProfile.Scale.Time);
        fit.UInt32(t.DistanceM, FitProfile.Scale.Distance);
        fit.UInt32(t.AvgSpeedMps, FitProfile.Scale.Speed);
        fit.UInt32(t.MaxSpeedMps, FitProfile.Scale.Speed);
        fit.UInt8(t.AvgHeartRateBpm);
        fit.UInt8(t.MaxHeartRateBpm);
        WriteCadence(fit, t.AvgCadenceSpm);
        WriteCadence(fit, t.MaxCadenceSpm);
        fit.UInt16(t.AvgPowerW);
        fit.UInt16(t.MaxPowerW);
        fit.UInt16(t.AvgGroundContactMs, FitProfile.Scale.StanceTime);
        fit.UInt16(t.AvgGctBalanceLeftPct, FitProfile.Scale.StanceTimeBalance);
        fit.UInt16(t.AvgVerticalOscillationCm * 10, FitProfile.Scale.VerticalOscillationMm);
        fit.UInt16(t.AvgStrideLengthM * 1000, FitProfile.Scale.StepLengthMm);
    }

    /// <summary>FIT running cadence is one leg's: cadence (whole strides/min) then fractional_cadence (1/128).</summary>
    private static void WriteCadence(FitEncoder fit, double? stepsPerMinute)
    {
        var stored = FitEncoder.Scaled(stepsPerMinute / 2, FitProfile.Scale.FractionalCadence, 0xFF * 128);
        fit.UInt8(stored / 128);
        fit.UInt8(stored % 128);
    }
}
