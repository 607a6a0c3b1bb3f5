using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Core.Fit;

/// <summary>
/// Builds one runner's activity from its samples (seq order): one record per second (<see cref="SecondRecords"/>),
/// laps that follow the workout (warm-up, one lap per rep and per recovery, cool-down, from <see cref="RepDetector"/>),
/// else one per lap of distance (<see cref="LapCounter"/>), and the session's totals. Holds the records, not the samples.
/// </summary>
public sealed class FitActivityBuilder
{
    private readonly SecondRecords _merger = new();
    private readonly RepDetector _reps;
    private readonly LapCounter _laps;
    private readonly List<RepEvent> _repEvents = [];
    private readonly List<Lap> _distanceLaps = [];
    private readonly List<FitRecord> _records = [];
    private readonly List<double> _cumulative = [];
    private TrackDistance _distance;
    private bool _hasDistance;
    private double _secondDistance;
    private long _lastT = long.MinValue;

    /// <param name="markers">The coach's marks (rep start/end, lap), which override detection as on the live path.</param>
    /// <param name="lapLengthM">The distance of a lap when no rep is found.</param>
    public FitActivityBuilder(IEnumerable<TrackMarker>? markers = null, double lapLengthM = 400)
    {
        var marks = markers?.ToList() ?? [];
        _reps = new RepDetector(markers: marks);
        _laps = new LapCounter(lapLengthM, marks);
    }

    public void Add(MetricSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var t = _lastT == long.MinValue ? sample.ObservedAt : Math.Max(sample.ObservedAt, _lastT);
        _lastT = t;
        _reps.Observe(sample, _repEvents);
        _laps.Observe(sample, _distanceLaps);
        if (_merger.Add(sample) is { } done)
        {
            _records.Add(done);
            _cumulative.Add(_secondDistance);
        }

        _secondDistance = _distance.Advance(sample, t);
        _hasDistance |= sample.DistanceM is not null || sample.SpeedMps is not null;
    }

    /// <summary>The activity, after the last sample (call once); null when no sample came.</summary>
    public FitActivity? Build(FitCreator? creator = null)
    {
        creator ??= FitCreator.Default;
        if (_merger.Flush() is { } last)
        {
            _records.Add(last);
            _cumulative.Add(_secondDistance);
        }

        var records = _records;
        var cumulative = _cumulative;
        if (records.Count == 0)
        {
            return null;
        }

        var start = records[0].Timestamp;
        // Elapsed time runs from the first record to the last, as a watch's timer start and stop events.
        var end = records[^1].Timestamp;
        var segments = Segments(start, end);
        var distances = _hasDistance ? cumulative : null;
        var laps = new List<FitLap>(segments.Count);
        var from = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var seg = segments[i];
            var to = from;
            var lastLap = i == segments.Count - 1;
            while (to < records.Count && (lastLap || records[to].Timestamp < seg.End))
            {
                to++;
            }

            laps.Add(new FitLap
            {
                Totals = FitTotalsCalculator.Of(records, distances, from, to, seg.Start, seg.End),
                Intensity = seg.Intensity,
                Trigger = seg.Trigger,
                Rep = seg.Rep,
            });
            from = to;
        }

        var reps = _repEvents.Any(e => e.Kind == RepEventKind.Completed);
        var session = new FitSession
        {
            Totals = FitTotalsCalculator.Of(records, distances, 0, records.Count, start, end),
            Sport = FitProfile.Values.SportRunning,
            SubSport = reps ? FitProfile.Values.SubSportTrack : FitProfile.Values.SubSportGeneric,
            NumLaps = laps.Count,
        };
        return new FitActivity
        {
            FileId = new FitFileId
            {
                Type = FitProfile.Values.FileActivity,
                Manufacturer = FitProfile.Values.ManufacturerDevelopment,
                Product = creator.Product,
                SerialNumber = creator.SerialNumber,
                TimeCreated = start,
                ProductName = creator.ProductName,
            },
            Devices =
            [
                new FitDeviceInfo
                {
                    Timestamp = start,
                    DeviceIndex = FitProfile.Values.DeviceIndexCreator,
                    Manufacturer = FitProfile.Values.ManufacturerDevelopment,
                    Product = creator.Product,
                    SoftwareVersion = creator.SoftwareVersion,
                    ProductName = creator.ProductName,
                },
            ],
            Events =
            [
                new FitEvent { Timestamp = start, Event = FitProfile.Values.EventTimer, EventType = FitProfile.Values.EventTypeStart },
                new FitEvent { Timestamp = records[^1].Timestamp, Event = FitProfile.Values.EventTimer, EventType = FitProfile.Values.EventTypeStopAll },
            ],
            Records = records,
            Laps = laps,
            Sessions = [session],
        };
    }

    /// <summary>Whole-second lap bounds covering [start, end] (at least one lap): the reps and what lies between them, else the distance laps.</summary>
    private List<Segment> Segments(long start, long end)
    {
        var segments = new List<Segment>();
        var cursor = start;
        var reps = _repEvents.Where(e => e.Kind == RepEventKind.Completed).Select(e => e.Rep).ToList();
        if (reps.Count > 0)
        {
            foreach (var rep in reps)
            {
                var s = Math.Clamp(RoundToSecond(rep.StartedAt), start, end);
                var e = Math.Clamp(RoundToSecond(rep.EndedAt), start, end);
                if (s > cursor)
                {
                    segments.Add(new(cursor, s, segments.Count == 0 ? FitIntensity.Warmup : FitIntensity.Recovery, FitLapTrigger.Manual));
                    cursor = s;
                }

                if (e > cursor)
                {
                    segments.Add(new(cursor, e, FitIntensity.Active, FitLapTrigger.Manual, rep.Number));
                    cursor = e;
                }
            }

            if (end > cursor || segments.Count == 0)
            {
                segments.Add(new(cursor, end, FitIntensity.Cooldown, FitLapTrigger.SessionEnd));
            }
        }
        else
        {
            foreach (var lap in _distanceLaps)
            {
                var e = Math.Clamp(RoundToSecond(lap.EndedAt), start, end);
                if (e > cursor)
                {
                    segments.Add(new(cursor, e, FitIntensity.Active, lap.Marked ? FitLapTrigger.Manual : FitLapTrigger.Distance));
                    cursor = e;
                }
            }

            if (end > cursor || segments.Count == 0)
            {
                segments.Add(new(cursor, end, FitIntensity.Active, FitLapTrigger.SessionEnd));
            }
        }

        return segments;
    }

    // The second whose record holds the sample at that time (SecondRecords floors): rounding instead put a lap's last
    // sample in the next lap whenever its milliseconds were 500 or more.
    private static long RoundToSecond(long unixMs) => (Math.DivRem(unixMs, 1000, out var rem) - (rem < 0 ? 1 : 0)) * 1000;

    private readonly record struct Segment(long Start, long End, FitIntensity Intensity, FitLapTrigger Trigger, int? Rep = null);
}
