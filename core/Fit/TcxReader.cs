using System.Globalization;
using System.Xml;

namespace MindMuscle.Live.Core.Fit;

/// <summary>
/// Reads a TCX (Training Center Database v2) activity into records: each trackpoint's time, distance, heart rate and
/// ActivityExtension speed, run cadence (strides/min, doubled to steps/min) and watts. Several trackpoints in one
/// second merge as samples do (the last value wins). A file that is not TCX is a <see cref="TcxReadError"/>, never an exception.
/// </summary>
public static class TcxReader
{
    private const string Tcx = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";

    public static bool TryRead(Stream input, out TcxActivity? activity, out TcxReadError error)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        var merger = new SecondRecords();
        var records = new List<FitRecord>();
        string? sport = null;
        var sawRoot = false;
        try
        {
            using var xml = XmlReader.Create(input, settings);
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (!sawRoot)
                {
                    if (xml.LocalName != "TrainingCenterDatabase" || xml.NamespaceURI != Tcx)
                    {
                        activity = null;
                        error = new TcxReadError(LineOf(xml), $"the root element is <{xml.LocalName}>, not a TCX v2 <TrainingCenterDatabase>");
                        return false;
                    }

                    sawRoot = true;
                }
                else if (xml.LocalName == "Activity" && xml.NamespaceURI == Tcx)
                {
                    sport ??= xml.GetAttribute("Sport");
                }
                else if (xml.LocalName == "Trackpoint" && xml.NamespaceURI == Tcx)
                {
                    var line = LineOf(xml);
                    if (ReadTrackpoint(xml.ReadSubtree()) is not { } sample)
                    {
                        activity = null;
                        error = new TcxReadError(line, "a trackpoint without a valid <Time>");
                        return false;
                    }

                    if (merger.Add(sample) is { } done)
                    {
                        records.Add(done);
                    }
                }
            }
        }
        catch (XmlException ex)
        {
            activity = null;
            error = new TcxReadError(ex.LineNumber, $"not well-formed XML: {ex.Message}");
            return false;
        }

        if (!sawRoot)
        {
            activity = null;
            error = new TcxReadError(0, "empty: no TCX <TrainingCenterDatabase>");
            return false;
        }

        if (merger.Flush() is { } last)
        {
            records.Add(last);
        }

        activity = new TcxActivity(sport, records);
        error = default;
        return true;
    }

    private static Samples.MetricSample? ReadTrackpoint(XmlReader xml)
    {
        using (xml)
        {
            long? time = null;
            double? distance = null, speed = null, cadence = null, watts = null;
            int? hr = null;
            var inHeartRate = false;

            // Reading an element's content moves past it: the next node is then already current.
            var advanced = false;
            while (advanced || xml.Read())
            {
                advanced = false;
                if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "HeartRateBpm")
                {
                    inHeartRate = false;
                }

                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                switch (xml.LocalName)
                {
                    case "Time":
                        time = DateTimeOffset.TryParse(xml.ReadElementContentAsString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                            ? t.ToUnixTimeMilliseconds()
                            : null;
                        advanced = true;
                        break;
                    case "DistanceMeters":
                        distance = Number(xml);
                        advanced = true;
                        break;
                    case "HeartRateBpm":
                        inHeartRate = !xml.IsEmptyElement;
                        break;
                    case "Value" when inHeartRate:
                        hr = Number(xml) is { } v and >= 0 and <= 255 ? (int)Math.Round(v) : null;
                        advanced = true;
                        break;
                    case "Speed":
                        speed = Number(xml);
                        advanced = true;
                        break;
                    case "RunCadence":
                        cadence = Number(xml) * 2;
                        advanced = true;
                        break;
                    case "Watts":
                        watts = Number(xml);
                        advanced = true;
                        break;
                }
            }

            return time is not { } at ? null : new Samples.MetricSample
            {
                ObservedAt = at,
                HeartRateBpm = hr,
                DistanceM = distance,
                SpeedMps = speed,
                CadenceSpm = cadence,
                PowerW = watts is { } w and >= 0 and <= int.MaxValue ? (int)Math.Round(w) : null,
            };
        }
    }

    private static double? Number(XmlReader xml) =>
        double.TryParse(xml.ReadElementContentAsString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    private static int LineOf(XmlReader xml) => xml is IXmlLineInfo info ? info.LineNumber : 0;
}

/// <summary>A TCX activity: its <c>Sport</c> attribute ("Running", "Biking", "Other") and one record per second.</summary>
public sealed record TcxActivity(string? Sport, IReadOnlyList<FitRecord> Records)
{
    public bool IsRunning => string.Equals(Sport, "Running", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Why a TCX file was rejected: the line where it was found (0 when unknown) and what was wrong.</summary>
public readonly record struct TcxReadError(int Line, string Detail)
{
    public string Message => $"TCX rejected at line {Line}: {Detail}";

    public override string ToString() => Message;
}
