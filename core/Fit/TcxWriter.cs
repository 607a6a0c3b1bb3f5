using System.Globalization;
using System.Xml;

namespace MindMuscle.Live.Core.Fit;

/// <summary>
/// An activity as Garmin Training Center Database v2 with ActivityExtension v2 (speed, run cadence, watts): one
/// trackpoint per record (one a second, strictly increasing), one lap per lap of the activity, recoveries "Resting".
/// Valid against Garmin's TCX v2 schema (docs/fit.md).
/// </summary>
public static class TcxWriter
{
    public const string TcxNamespace = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";
    public const string ExtensionNamespace = "http://www.garmin.com/xmlschemas/ActivityExtension/v2";

    /// <summary>Writes the activity; it needs at least one record.</summary>
    public static async Task WriteAsync(FitActivity activity, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Records.Count == 0)
        {
            throw new ArgumentException("A TCX activity needs at least one record.", nameof(activity));
        }

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
        foreach (var (lap, records) in RecordsByLap(activity))
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

    /// <summary>The records of each lap, in order: those from its start to the next lap's start, the last lap taking the rest.</summary>
    private static IEnumerable<(FitLap Lap, ArraySegment<FitRecord> Records)> RecordsByLap(FitActivity activity)
    {
        var records = activity.Records as FitRecord[] ?? [.. activity.Records];
        if (activity.Laps.Count == 0)
        {
            // A file read without laps: one lap over everything, so the TCX still has its one mandatory lap.
            var last = records[^1].Timestamp;
            yield return (new FitLap { Totals = new FitTotals { StartedAt = records[0].Timestamp, ElapsedS = (last - records[0].Timestamp) / 1000.0 }, Trigger = FitLapTrigger.SessionEnd },
                new ArraySegment<FitRecord>(records));
            yield break;
        }

        var from = 0;
        for (var i = 0; i < activity.Laps.Count; i++)
        {
            var to = from;
            var end = i == activity.Laps.Count - 1 ? long.MaxValue : activity.Laps[i + 1].Totals.StartedAt;
            while (to < records.Length && records[to].Timestamp < end)
            {
                to++;
            }

            yield return (activity.Laps[i], new ArraySegment<FitRecord>(records, from, to - from));
            from = to;
        }
    }
}
