using System.Globalization;
using System.Xml;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Export;

/// <summary>
/// A runner's recording as Garmin Training Center Database v2 with ActivityExtension v2 (speed, run cadence, watts).
/// Laps every 400 m of distance, or one lap without distance. Two passes over the recording: lap totals, then trackpoints,
/// so memory holds the laps, not the samples.
/// </summary>
internal static class TcxExport
{
    public const string TcxNamespace = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";
    public const string ExtensionNamespace = "http://www.garmin.com/xmlschemas/ActivityExtension/v2";
    public const double LapMeters = 400;

    public static async Task<bool> WriteAsync(RecordingStore store, string sessionId, string runnerId, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var reader = await store.OpenReaderAsync(ct);
        var laps = new List<Lap>();
        await foreach (var s in reader.ReadRunnerAsync(sessionId, runnerId, ct))
        {
            var lapIndex = s.DistanceM is { } d ? (int)Math.Floor(d / LapMeters) : (laps.Count > 0 ? laps[^1].Index : 0);
            if (laps.Count == 0 || lapIndex > laps[^1].Index)
            {
                laps.Add(new Lap(lapIndex, s.Seq, s.ObservedAt));
            }

            laps[^1].Add(s);
        }

        if (laps.Count == 0)
        {
            return false;
        }

        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        await using var xml = XmlWriter.Create(output, settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "TrainingCenterDatabase", TcxNamespace);
        await xml.WriteAttributeStringAsync("xmlns", "ns3", null, ExtensionNamespace);
        await xml.WriteStartElementAsync(null, "Activities", TcxNamespace);
        await xml.WriteStartElementAsync(null, "Activity", TcxNamespace);
        await xml.WriteAttributeStringAsync(null, "Sport", null, "Running");
        await xml.WriteElementStringAsync(null, "Id", TcxNamespace, Time(laps[0].StartAt));

        var onlyLap = laps.Count == 1;
        for (var i = 0; i < laps.Count; i++)
        {
            var lap = laps[i];
            var endAt = i + 1 < laps.Count ? laps[i + 1].StartAt : lap.LastAt;
            await xml.WriteStartElementAsync(null, "Lap", TcxNamespace);
            await xml.WriteAttributeStringAsync(null, "StartTime", null, Time(lap.StartAt));
            await xml.WriteElementStringAsync(null, "TotalTimeSeconds", TcxNamespace, Num((endAt - lap.StartAt) / 1000.0));
            // Boundary to boundary: the lap ends where the next one starts, so lap distances add up to the total.
            var lapEndDistance = i + 1 < laps.Count ? laps[i + 1].FirstDistance ?? lap.LastDistance : lap.LastDistance;
            var distance = lapEndDistance is { } end && lap.FirstDistance is { } begin ? Math.Max(0, end - begin) : 0;
            await xml.WriteElementStringAsync(null, "DistanceMeters", TcxNamespace, Num(distance));
            if (lap.MaxSpeed is { } maxSpeed)
            {
                await xml.WriteElementStringAsync(null, "MaximumSpeed", TcxNamespace, Num(maxSpeed));
            }

            await xml.WriteElementStringAsync(null, "Calories", TcxNamespace, "0");
            if (lap.HrCount > 0)
            {
                await WriteHeartRateAsync(xml, "AverageHeartRateBpm", (int)Math.Round(lap.HrSum / (double)lap.HrCount));
                await WriteHeartRateAsync(xml, "MaximumHeartRateBpm", lap.HrMax);
            }

            await xml.WriteElementStringAsync(null, "Intensity", TcxNamespace, "Active");
            await xml.WriteElementStringAsync(null, "TriggerMethod", TcxNamespace, onlyLap ? "Manual" : "Distance");
            await xml.WriteStartElementAsync(null, "Track", TcxNamespace);
            var last = i + 1 < laps.Count ? laps[i + 1].FirstSeq - 1 : long.MaxValue;
            await foreach (var s in reader.ReadRunnerAsync(sessionId, runnerId, ct, lap.FirstSeq, last))
            {
                await WriteTrackpointAsync(xml, s);
            }

            await xml.WriteEndElementAsync(); // Track
            await xml.WriteEndElementAsync(); // Lap
        }

        await xml.WriteEndElementAsync(); // Activity
        await xml.WriteEndElementAsync(); // Activities
        await xml.WriteEndElementAsync(); // TrainingCenterDatabase
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
        return true;
    }

    private static async Task WriteTrackpointAsync(XmlWriter xml, MetricSample s)
    {
        await xml.WriteStartElementAsync(null, "Trackpoint", TcxNamespace);
        await xml.WriteElementStringAsync(null, "Time", TcxNamespace, Time(s.ObservedAt));
        if (s.DistanceM is { } d)
        {
            await xml.WriteElementStringAsync(null, "DistanceMeters", TcxNamespace, Num(d));
        }

        if (s.HeartRateBpm is { } hr and >= 1 and <= 255)
        {
            await WriteHeartRateAsync(xml, "HeartRateBpm", hr);
        }

        if (s.SpeedMps is not null || s.CadenceSpm is not null || s.PowerW is not null)
        {
            await xml.WriteStartElementAsync(null, "Extensions", TcxNamespace);
            await xml.WriteStartElementAsync("ns3", "TPX", ExtensionNamespace);
            if (s.SpeedMps is { } speed)
            {
                await xml.WriteElementStringAsync("ns3", "Speed", ExtensionNamespace, Num(speed));
            }

            if (s.CadenceSpm is { } cadence)
            {
                // Garmin's RunCadence counts one foot (strides per minute): half of steps per minute.
                await xml.WriteElementStringAsync("ns3", "RunCadence", ExtensionNamespace, ((int)Math.Round(cadence / 2)).ToString(CultureInfo.InvariantCulture));
            }

            if (s.PowerW is { } watts)
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

    private static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed class Lap(int index, long firstSeq, long startAt)
    {
        public int Index { get; } = index;

        public long FirstSeq { get; } = firstSeq;

        public long StartAt { get; } = startAt;

        public long LastAt { get; private set; } = startAt;

        public double? FirstDistance { get; private set; }

        public double? LastDistance { get; private set; }

        public double? MaxSpeed { get; private set; }

        public long HrSum { get; private set; }

        public int HrCount { get; private set; }

        public int HrMax { get; private set; }

        public void Add(MetricSample s)
        {
            LastAt = s.ObservedAt;
            if (s.DistanceM is { } d)
            {
                FirstDistance ??= d;
                LastDistance = d;
            }

            if (s.SpeedMps is { } v)
            {
                MaxSpeed = Math.Max(MaxSpeed ?? 0, v);
            }

            if (s.HeartRateBpm is { } hr and > 0)
            {
                HrSum += hr;
                HrCount++;
                HrMax = Math.Max(HrMax, hr);
            }
        }
    }
}
