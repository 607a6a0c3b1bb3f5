using CsCheck;
using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Tests.Alerts;

/// <summary>
/// The compact window (int time offsets, values in the type they arrive in) against a plain list of (long, double):
/// the representation the window had before it was compacted, so every median must come out the same.
/// </summary>
public sealed class RollingMedianPropertyTests
{
    private const long Start = 1_780_000_000_000;

    /// <summary>Steps: a gap in ms (mostly sensor-like, sometimes weeks, past an int's reach), a value, what to do.</summary>
    private static readonly Gen<(long Gap, double Value, int Op)[]> Ops =
        Gen.Select(
                Gen.Frequency((20, Gen.Long[0, 1_500]), (2, Gen.Long[0, 60_000]), (1, Gen.Long[2_000_000_000, 5_000_000_000])),
                Gen.Frequency((4, Gen.Double[0, 400]), (1, Gen.Int[150, 190].Select(i => (double)i))),
                Gen.Int[0, 9])
            .Array[1, 600];

    private static readonly Gen<(int Capacity, long WindowMs)> Shapes =
        Gen.Select(Gen.Int[1, 256], Gen.Long[1_000, 120_000]);

    [Fact]
    public void Median_DoubleValues_SameAsTheListOfLongAndDouble()
    {
        Gen.Select(Shapes, Ops).Sample((shape, ops) =>
        {
            var sut = new RollingMedian<double>(shape.Capacity, shape.WindowMs);
            Replay((RollingMedianView)sut, (t, v) => sut.Add(t, v), v => v, shape, ops);
        }, iter: 400);
    }

    [Fact]
    public void Median_FloatValues_SameAsTheListOfLongAndDouble()
    {
        // The rep detector's speeds are floats already: kept as floats the window gives the median it gave as doubles.
        Gen.Select(Shapes, Ops).Sample((shape, ops) =>
        {
            var sut = new RollingMedian<float>(shape.Capacity, shape.WindowMs);
            Replay((RollingMedianView)sut, (t, v) => sut.Add(t, (float)v), v => (float)v, shape, ops);
        }, iter: 400);
    }

    [Fact]
    public void Median_AtTheCapacityLimit_SameAsTheListOfLongAndDoubleAcrossWraps()
    {
        // 256 values, the most a one-byte ring slot addresses; 1 200 values wrap the ring four times, evicted by
        // capacity (400 ms apart: 300 in the window), by time (1 s apart: 120) and by an explicit Evict, with repeats.
        var ops = Enumerable.Range(0, 1_200)
            .Select(i => (Gap: i % 300 < 200 ? 400L : 1_000L, Value: (double)(i * 37 % 401), Op: i % 50 == 49 ? 7 : 0))
            .ToArray();
        var shape = (Capacity: 256, WindowMs: 120_000L);
        var doubles = new RollingMedian<double>(shape.Capacity, shape.WindowMs);
        Replay((RollingMedianView)doubles, (t, v) => doubles.Add(t, v), v => v, shape, ops);
        var floats = new RollingMedian<float>(shape.Capacity, shape.WindowMs);
        Replay((RollingMedianView)floats, (t, v) => floats.Add(t, (float)v), v => (float)v, shape, ops);
    }

    [Fact]
    public void Median_AfterAGapPastAnIntOfMilliseconds_CountsOnlyTheNewValues()
    {
        var sut = new RollingMedian<double>(8, 20_000);
        sut.Add(Start, 100);
        sut.Add(Start + 1_000, 100);
        sut.Add(Start + 1_000 + 3_000_000_000L, 7);
        sut.Add(Start + 2_000 + 3_000_000_000L, 9);
        sut.Add(Start + 3_000 + 3_000_000_000L, 11);

        Assert.True(sut.TryGetMedian(Start + 3_000 + 3_000_000_000L, 3, out var median));
        Assert.Equal(9, median);
        Assert.Equal(3, sut.Count);
    }

    private static void Replay(
        RollingMedianView median, Action<long, double> add, Func<double, double> asStored,
        (int Capacity, long WindowMs) shape, (long Gap, double Value, int Op)[] ops)
    {
        var reference = new Reference(shape.Capacity, shape.WindowMs);
        var t = Start;
        foreach (var (gap, value, op) in ops)
        {
            t += gap;
            switch (op)
            {
                case < 7:
                    add(t, value);
                    reference.Add(t, asStored(value));
                    break;
                case 7:
                    median.Evict(t);
                    reference.Evict(t);
                    break;
                case 8:
                    median.Clear();
                    reference.Clear();
                    break;
            }

            for (var minCount = 1; minCount <= 3; minCount++)
            {
                var got = median.TryGetMedian(t, minCount, out var m);
                var want = reference.TryGetMedian(t, minCount, out var r);
                Assert.Equal(want, got);
                Assert.Equal(r, m);
            }

            Assert.Equal(reference.Count, median.Count);
            Assert.Equal(reference.NewestAt, median.NewestAt);
        }
    }

    /// <summary>The window's readable face, whatever the value type it stores.</summary>
    private sealed class RollingMedianView
    {
        private readonly Func<long, int, (bool, double)> _median;
        private readonly Action<long> _evict;
        private readonly Action _clear;
        private readonly Func<int> _count;
        private readonly Func<long> _newestAt;

        private RollingMedianView(Func<long, int, (bool, double)> median, Action<long> evict, Action clear, Func<int> count, Func<long> newestAt)
        {
            _median = median;
            _evict = evict;
            _clear = clear;
            _count = count;
            _newestAt = newestAt;
        }

        public int Count => _count();

        public long NewestAt => _newestAt();

        public static explicit operator RollingMedianView(RollingMedian<double> m) =>
            new((t, n) => (m.TryGetMedian(t, n, out var v), v), m.Evict, m.Clear, () => m.Count, () => m.NewestAt);

        public static explicit operator RollingMedianView(RollingMedian<float> m) =>
            new((t, n) => (m.TryGetMedian(t, n, out var v), v), m.Evict, m.Clear, () => m.Count, () => m.NewestAt);

        public bool TryGetMedian(long t, int minCount, out double median)
        {
            (var ok, median) = _median(t, minCount);
            return ok;
        }

        public void Evict(long t) => _evict(t);

        public void Clear() => _clear();
    }

    /// <summary>The window as it was: (long time, double value) in arrival order, sorted on demand.</summary>
    private sealed class Reference(int capacity, long windowMs)
    {
        private readonly List<(long T, double V)> _items = [];

        public int Count => _items.Count;

        public long NewestAt { get; private set; } = long.MinValue;

        public void Add(long t, double v)
        {
            Evict(t);
            if (_items.Count == capacity)
            {
                _items.RemoveAt(0);
            }

            _items.Add((t, v));
            NewestAt = t;
        }

        public void Evict(long now)
        {
            while (_items.Count > 0 && _items[0].T <= now - windowMs)
            {
                _items.RemoveAt(0);
            }

            if (_items.Count == 0)
            {
                NewestAt = long.MinValue;
            }
        }

        public void Clear()
        {
            _items.Clear();
            NewestAt = long.MinValue;
        }

        public bool TryGetMedian(long now, int minCount, out double median)
        {
            if (_items.Count < minCount || _items.Count == 0 || NewestAt <= now - windowMs)
            {
                median = double.NaN;
                return false;
            }

            var sorted = _items.Select(i => i.V).Order().ToArray();
            var mid = sorted.Length / 2;
            median = (sorted.Length & 1) == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
            return true;
        }
    }
}
