namespace MindMuscle.Live.Core.Fit;

/// <summary>
/// The part of Garmin's FIT profile (21.217) we read and write: message and field numbers, enum values, scales.
/// Names follow the profile's snake_case field names (docs/fit.md has the mapping to samples and units).
/// </summary>
internal static class FitProfile
{
    /// <summary>The profile version written in the header: major × 1000 + minor, as Garmin's encoder writes it.</summary>
    public const ushort ProfileVersion = 21_217;

    /// <summary>Protocol 2.0 (the header byte: major in the high nibble).</summary>
    public const byte ProtocolVersion = 0x20;

    /// <summary>FIT time is seconds since 1989-12-31T00:00:00Z.</summary>
    public const long EpochUnixSeconds = 631_065_600;

    public const byte TimestampField = 253;
    public const byte MessageIndexField = 254;

    public static class Mesg
    {
        public const ushort FileId = 0;
        public const ushort Session = 18;
        public const ushort Lap = 19;
        public const ushort Record = 20;
        public const ushort Event = 21;
        public const ushort DeviceInfo = 23;
        public const ushort Activity = 34;
    }

    public static class FileId
    {
        public const byte Type = 0, Manufacturer = 1, Product = 2, SerialNumber = 3, TimeCreated = 4, ProductName = 8;
    }

    public static class Record
    {
        public const byte HeartRate = 3, Cadence = 4, Distance = 5, Speed = 6, Power = 7, VerticalOscillation = 39,
            StanceTime = 41, FractionalCadence = 53, EnhancedSpeed = 73, StanceTimeBalance = 84, StepLength = 85;
    }

    /// <summary>Lap fields (session fields differ in number, not in meaning or scale).</summary>
    public static class Lap
    {
        public const byte Event = 0, EventType = 1, StartTime = 2, TotalElapsedTime = 7, TotalTimerTime = 8, TotalDistance = 9,
            AvgSpeed = 13, MaxSpeed = 14, AvgHeartRate = 15, MaxHeartRate = 16, AvgCadence = 17, MaxCadence = 18,
            AvgPower = 19, MaxPower = 20, Intensity = 23, LapTrigger = 24, Sport = 25, AvgVerticalOscillation = 77,
            AvgStanceTime = 79, AvgFractionalCadence = 80, MaxFractionalCadence = 81, EnhancedAvgSpeed = 110,
            EnhancedMaxSpeed = 111, AvgStanceTimeBalance = 119, AvgStepLength = 120;
    }

    public static class Session
    {
        public const byte Event = 0, EventType = 1, StartTime = 2, Sport = 5, SubSport = 6, TotalElapsedTime = 7,
            TotalTimerTime = 8, TotalDistance = 9, AvgSpeed = 14, MaxSpeed = 15, AvgHeartRate = 16, MaxHeartRate = 17,
            AvgCadence = 18, MaxCadence = 19, AvgPower = 20, MaxPower = 21, FirstLapIndex = 25, NumLaps = 26, Trigger = 28,
            AvgVerticalOscillation = 89, AvgStanceTime = 91, AvgFractionalCadence = 92, MaxFractionalCadence = 93,
            EnhancedAvgSpeed = 124, EnhancedMaxSpeed = 125, AvgStanceTimeBalance = 133, AvgStepLength = 134;
    }

    public static class Event
    {
        public const byte EventField = 0, EventType = 1, EventGroup = 4;
    }

    public static class DeviceInfo
    {
        public const byte DeviceIndex = 0, Manufacturer = 2, SerialNumber = 3, Product = 4, SoftwareVersion = 5, ProductName = 27;
    }

    public static class Activity
    {
        public const byte TotalTimerTime = 0, NumSessions = 1, Type = 2, Event = 3, EventType = 4;
    }

    /// <summary>Values of the profile's enums that we write.</summary>
    public static class Values
    {
        public const byte FileActivity = 4;
        public const ushort ManufacturerDevelopment = 255;
        public const byte EventTimer = 0, EventSession = 8, EventLap = 9, EventActivity = 26;
        public const byte EventTypeStart = 0, EventTypeStop = 1, EventTypeStopAll = 4;
        public const byte SportRunning = 1, SubSportGeneric = 0, SubSportTrack = 4;
        public const byte SessionTriggerActivityEnd = 0;
        public const byte ActivityManual = 0;
        public const byte DeviceIndexCreator = 0;
    }

    /// <summary>Scales: stored value = physical value × scale.</summary>
    public static class Scale
    {
        public const double Time = 1000, Distance = 100, Speed = 1000, FractionalCadence = 128, StanceTime = 10,
            StanceTimeBalance = 100, VerticalOscillationMm = 10, StepLengthMm = 10, SoftwareVersion = 100;
    }
}
