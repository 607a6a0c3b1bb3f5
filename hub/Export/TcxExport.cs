using System.Globalization;
using System.Xml;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Export;

/// <summary>
/// A runner's recording as Garmin Training Center Database v2 with ActivityExtension v2 (speed, run cadence, watts):
/// one trackpoint per second holding that second's readings merged (docs/fit.md has the rule), strictly increasing in
/// time; one lap per rep and per recovery (Garmin Connect and Strava show the workout's structure), else one per 400 m.
/// </summary>
internal static class TcxExport
{
    public const string TcxNamespace = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";
    public const string ExtensionNamespace = "http://www.garmin.com/xmlschemas/ActivityExtension/v2";

    /// <summary>False (nothing written) when the runner has no recorded sample.</summary>
    public static async Task<bool> WriteAsync(RecordingStore store, string sessionId, string runnerId, Stream output, CancellationToken ct)
    {
        if (await RunnerActivity.LoadAsync(store, sessionId, runnerId, ct) is not { } activity)
        {
            return false;
        }

        await WriteAsync(activity, output, ct);
        return true;
    }

    public static async Task WriteAsync(FitActivity activity, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        await using var xml = XmlWriter.Create(output, settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "TrainingCenterDatabase", TcxNamespace);
        await xml.WriteAttributeStringAsync("xmlns", "ns3", null, ExtensionNamespace);
        await xml.WriteStartElementAsync(null, "Activities", TcxNamespace);
        await xml.WriteStartElementAsync(null, "Activity", TcxNamespace);
        await xml.WriteAttributeStringAsync(null, "Sport", null, "Running");
        await xml.WriteElementStringAsync(null, "Id", TcxNamespace, Time(activity.Records[0].Timestamp));

        var distanceLaps = activity.Laps.Any(l => l.Trigger == FitLapTrigger.Distance);
        foreach (var (lap, records) in RunnerActivity.RecordsByLap(activity))
        {
            ct.ThrowIfCancellationRequested();
            await WriteLapAsync(xml, lap, records, distanceLaps);
        }

        await xml.WriteEndElementAsync(); // Activity
        await xml.WriteEndElementAsync(); // Activities
        await xml.WriteEndElementAsync(); // TrainingCenterDatabase
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static async Task WriteLapAsync(XmlWriter xml, FitLap lap, ArraySegment<FitRecord> records, bool distanceLaps)
    {
        var t = lap.Totals;
        await xml.WriteStartElementAsync(null, "Lap", TcxNamespace);
        await xml.WriteAttributeStringAsync(null, "StartTime", null, Time(t.StartedAt));
        await xml.WriteElementStringAsync(null, "TotalTimeSeconds", TcxNamespace, Num(t.ElapsedS));
        await xml.WriteElementStringAsync(null, "DistanceMeters", TcxNamespace, Num(t.DistanceM ?? 0));
        if (t.MaxSpeedMps is { } maxSpeed)
        {
            await xml.WriteElementStringAsync(null, "MaximumSpeed", TcxNamespace, Num(maxSpeed));
        }

        await xml.WriteElementStringAsync(null, "Calories", TcxNamespace, "0");
        if (t.AvgHeartRateBpm is { } avgHr && t.MaxHeartRateBpm is { } maxHr)
        {
            await WriteHeartRateAsync(xml, "AverageHeartRateBpm", avgHr);
            await WriteHeartRateAsync(xml, "MaximumHeartRateBpm", maxHr);
        }

        // TCX knows two intensities: a recovery between reps rests; warm-up, reps and cool-down are active.
        await xml.WriteElementStringAsync(null, "Intensity", TcxNamespace, lap.Intensity is FitIntensity.Recovery or FitIntensity.Rest ? "Resting" : "Active");
        var trigger = lap.Trigger switch
        {
            FitLapTrigger.Distance => "Distance",
            FitLapTrigger.SessionEnd when distanceLaps => "Distance",
            _ => "Manual",
        };
        await xml.WriteElementStringAsync(null, "TriggerMethod", TcxNamespace, trigger);
        await xml.WriteStartElementAsync(null, "Track", TcxNamespace);
        foreach (var r in records)
        {
            await WriteTrackpointAsync(xml, r);
        }

        await xml.WriteEndElementAsync(); // Track
        if (t.AvgSpeedMps is not null || t.AvgCadenceSpm is not null || t.AvgPowerW is not null)
        {
            await xml.WriteStartElementAsync(null, "Extensions", TcxNamespace);
            await xml.WriteStartElementAsync("ns3", "LX", ExtensionNamespace);
            if (t.AvgSpeedMps is { } avgSpeed)
            {
                await xml.WriteElementStringAsync("ns3", "AvgSpeed", ExtensionNamespace, Num(avgSpeed));
            }

            if (t.AvgCadenceSpm is { } avgCadence)
            {
                await xml.WriteElementStringAsync("ns3", "AvgRunCadence", ExtensionNamespace, RunCadence(avgCadence));
            }

            if (t.AvgPowerW is { } avgPower)
            {
                await xml.WriteElementStringAsync("ns3", "AvgWatts", ExtensionNamespace, avgPower.ToString(CultureInfo.InvariantCulture));
            }

            await xml.WriteEndElementAsync(); // LX
            await xml.WriteEndElementAsync(); // Extensions
        }

        await xml.WriteEndElementAsync(); // Lap
    }

    private static async Task WriteTrackpointAsync(XmlWriter xml, FitRecord r)
    {
        await xml.WriteStartElementAsync(null, "Trackpoint", TcxNamespace);
        await xml.WriteElementStringAsync(null, "Time", TcxNamespace, Time(r.Timestamp));
        if (r.DistanceM is { } d)
        {
            await xml.WriteElementStringAsync(null, "DistanceMeters", TcxNamespace, Num(d));
        }

        if (r.HeartRateBpm is { } hr and >= 1 and <= 255)
        {
            await WriteHeartRateAsync(xml, "HeartRateBpm", hr);
        }

        if (r.SpeedMps is not null || r.CadenceSpm is not null || r.PowerW is not null)
        {
            await xml.WriteStartElementAsync(null, "Extensions", TcxNamespace);
            await xml.WriteStartElementAsync("ns3", "TPX", ExtensionNamespace);
            if (r.SpeedMps is { } speed)
            {
                await xml.WriteElementStringAsync("ns3", "Speed", ExtensionNamespace, Num(speed));
            }

            if (r.CadenceSpm is { } cadence)
            {
                await xml.WriteElementStringAsync("ns3", "RunCadence", ExtensionNamespace, RunCadence(cadence));
            }

            if (r.PowerW is { } watts)
            {
                await xml.WriteElementStringAsync("ns3", "Watts", ExtensionNamespace, watts.ToString(CultureInfo.InvariantCulture));
            }

            await xml.WriteEndElementAsync(); // TPX
            await xml.WriteEndElementAsync(); // Extensions
        }

        await xml.WriteEndElementAsync(); // Trackpoint
    }

    private static async Task WriteHeartRateAsync(XmlWriter xml, string element, int bpm)
    {
        await xml.WriteStartElementAsync(null, element, TcxNamespace);
        await xml.WriteElementStringAsync(null, "Value", TcxNamespace, Math.Clamp(bpm, 1, 255).ToString(CultureInfo.InvariantCulture));
        await xml.WriteEndElementAsync();
    }

    /// <summary>Garmin's RunCadence counts one foot (strides per minute): half of steps per minute.</summary>
    private static string RunCadence(double stepsPerMinute) => ((int)Math.Round(stepsPerMinute / 2)).ToString(CultureInfo.InvariantCulture);

    private static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
