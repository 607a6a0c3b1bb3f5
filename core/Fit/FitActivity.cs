namespace MindMuscle.Live.Core.Fit;

/// <summary>What we read from or write to a FIT activity file. Times are UTC unix milliseconds.</summary>
public sealed record FitActivity
{
    public FitFileId FileId { get; init; } = new();

    public IReadOnlyList<FitDeviceInfo> Devices { get; init; } = [];

    public IReadOnlyList<FitEvent> Events { get; init; } = [];

    public IReadOnlyList<FitRecord> Records { get; init; } = [];

    public IReadOnlyList<FitLap> Laps { get; init; } = [];

    public IReadOnlyList<FitSession> Sessions { get; init; } = [];
}

/// <summary>The file_id message. <see cref="Type"/> 4 is an activity.</summary>
public sealed record FitFileId
{
    public int? Type { get; init; }

    public int? Manufacturer { get; init; }

    public int? Product { get; init; }

    public long? SerialNumber { get; init; }

    public long? TimeCreated { get; init; }

    public string? ProductName { get; init; }
}

/// <summary>A device_info message: the recording device (index 0) or a sensor.</summary>
public sealed record FitDeviceInfo
{
    public long? Timestamp { get; init; }

    public int? DeviceIndex { get; init; }

    public int? Manufacturer { get; init; }

    public int? Product { get; init; }

    public double? SoftwareVersion { get; init; }

    public string? ProductName { get; init; }
}

/// <summary>An event message: event 0 is the timer, event type 0 start, 4 stop all.</summary>
public sealed record FitEvent
{
    public long? Timestamp { get; init; }

    public int? Event { get; init; }

    public int? EventType { get; init; }
}
