using System.Numerics;
using System.Runtime.CompilerServices;

namespace MindMuscle.Live.Core.Alerts.Internal;

/// <summary>
/// Median of the values seen in the last <c>windowMs</c> of sample time. Fixed capacity (at most 256), allocation-free
/// after construction: the values kept sorted, each with the ring slot it arrived in, and a ring of arrival times.
/// </summary>
/// <remarks>
/// Insert and evict are a search plus an array shift, O(capacity) with a tiny constant; at the capacity used
/// (128 = 6.4 readings a second over 20 s) that is cheaper than any heap-based structure and never allocates.
/// When readings arrive faster than the capacity allows, the oldest are evicted early: the window gets shorter, not wrong.
/// Kept small because every runner holds several: each value is stored once (the oldest is found among the sorted ones
/// by its one-byte slot, not by a second copy of it), values in the type they arrive in, times as int milliseconds after
/// a base that moves on when they would overflow.
/// </remarks>
internal sealed class RollingMedian<TValue>
    where TValue : unmanaged, IFloatingPointIeee754<TValue>
{
    private const int MaxCapacity = byte.MaxValue + 1;

    private readonly int[] _times;
    private readonly TValue[] _sorted;
    private readonly byte[] _slots;
    private readonly long _windowMs;
    private long _base;
    private int _head;
    private int _count;

    // A NaN was added since the last clear: the values have no order to search, and each change takes the plain path.
    private bool _unordered;

    public RollingMedian(int capacity, long windowMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _times = new int[capacity];
        _sorted = new TValue[capacity];
        _slots = new byte[capacity];
        _windowMs = windowMs;
    }

    public int Count => _count;

    /// <summary>Sample time of the newest value, or <see cref="long.MinValue"/> when empty.</summary>
    public long NewestAt { get; private set; } = long.MinValue;

    public void Add(long atMs, TValue value)
    {
        // The steady state is one value out, one in: that pair is one shift of the sorted values between the two
        // places, not a shift to close the gap and another to open one.
        if (Leaving(atMs) is var leaving && leaving > 0 && _count - leaving >= 1 && !_unordered && !TValue.IsNaN(value))
        {
            for (; leaving > 1; leaving--)
            {
                RemoveOldest();
            }

            var offset = atMs - _base;
            if (offset is >= int.MinValue and <= int.MaxValue)
            {
                ReplaceOldest((int)offset, value);
                NewestAt = atMs;
                return;
            }
        }

        Evict(atMs);
        if (_count == _times.Length)
        {
            RemoveOldest();
        }

        _unordered |= TValue.IsNaN(value);
        var tail = (_head + _count) % _times.Length;
        _times[tail] = Offset(atMs);
        var index = LowerBound(_count, value);
        Array.Copy(_sorted, index, _sorted, index + 1, _count - index);
        Array.Copy(_slots, index, _slots, index + 1, _count - index);
        _sorted[index] = value;
        _slots[index] = (byte)tail;
        _count++;
        NewestAt = atMs;
    }

    /// <summary>Drops values older than the window as of <paramref name="nowMs"/>.</summary>
    public void Evict(long nowMs)
    {
        while (_count > 0 && _base + _times[_head] <= nowMs - _windowMs)
        {
            RemoveOldest();
        }

        if (_count == 0)
        {
            NewestAt = long.MinValue;
        }
    }

    /// <summary>The median, when at least <paramref name="minCount"/> values are in the window and the newest is fresh.</summary>
    public bool TryGetMedian(long nowMs, int minCount, out double median)
    {
        if (_count < minCount || _count == 0 || NewestAt <= nowMs - _windowMs)
        {
            median = double.NaN;
            return false;
        }

        var mid = _count / 2;
        median = (_count & 1) == 1
            ? double.CreateTruncating(_sorted[mid])
            : (double.CreateTruncating(_sorted[mid - 1]) + double.CreateTruncating(_sorted[mid])) / 2;
        return true;
    }

    /// <summary>How many of the oldest values make way for a value at <paramref name="atMs"/>: those out of the window, or one at capacity.</summary>
    private int Leaving(long atMs)
    {
        var cutoff = atMs - _windowMs;
        var leaving = 0;
        while (leaving < _count && _base + _times[(_head + leaving) % _times.Length] <= cutoff)
        {
            leaving++;
        }

        return leaving == 0 && _count == _times.Length ? 1 : leaving;
    }

    /// <summary>
    /// Removes the oldest value and adds <paramref name="value"/> at time offset <paramref name="offset"/>, with the sorted
    /// values shifted once between the two places: the same values in the same order as a removal and then an insertion.
    /// At least two values are held (the base stays), and none is NaN (a lower bound over the values with the oldest
    /// still among them lands where it would without it only when the values are ordered).
    /// </summary>
    private void ReplaceOldest(int offset, TValue value)
    {
        var length = _times.Length;
        var removed = _slots.AsSpan(0, _count).IndexOf((byte)_head);
        var tail = (_head + _count) % length;
        _head = (_head + 1) % length;
        _times[tail] = offset;

        var bound = LowerBound(_count, value);
        int index;
        if (removed < bound)
        {
            // The gap is below the new place: the values between move down one.
            index = bound - 1;
            _sorted.AsSpan(removed + 1, index - removed).CopyTo(_sorted.AsSpan(removed));
            _slots.AsSpan(removed + 1, index - removed).CopyTo(_slots.AsSpan(removed));
        }
        else
        {
            // The gap is at or above the new place: the values between move up one.
            index = bound;
            _sorted.AsSpan(index, removed - index).CopyTo(_sorted.AsSpan(index + 1));
            _slots.AsSpan(index, removed - index).CopyTo(_slots.AsSpan(index + 1));
        }

        _sorted[index] = value;
        _slots[index] = (byte)tail;
    }

    public void Clear()
    {
        _unordered = false;
        _head = 0;
        _count = 0;
        NewestAt = long.MinValue;
    }

    /// <summary><paramref name="atMs"/> as an offset from the base; an empty window takes it as the base.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Offset(long atMs)
    {
        if (_count == 0)
        {
            _base = atMs;
            return 0;
        }

        var offset = atMs - _base;
        return offset is >= int.MinValue and <= int.MaxValue ? (int)offset : Rebase(atMs);
    }

    /// <summary>
    /// Times come in order (both callers clamp them), so one out of an int's reach is weeks after the oldest values held:
    /// those go, and the base moves to the oldest left.
    /// </summary>
    private int Rebase(long atMs)
    {
        while (_count > 0 && (atMs < _base || atMs - (_base + _times[_head]) > int.MaxValue))
        {
            RemoveOldest();
        }

        var newBase = _count > 0 ? _base + _times[_head] : atMs;
        for (var i = 0; i < _count; i++)
        {
            var slot = (_head + i) % _times.Length;
            _times[slot] = (int)(_base + _times[slot] - newBase);
        }

        _base = newBase;
        return (int)(atMs - _base);
    }

    private void RemoveOldest()
    {
        var index = _slots.AsSpan(0, _count).IndexOf((byte)_head);
        _head = (_head + 1) % _times.Length;
        _count--;
        Array.Copy(_sorted, index + 1, _sorted, index, _count - index);
        Array.Copy(_slots, index + 1, _slots, index, _count - index);
    }

    /// <summary>First index in <c>_sorted[0..length)</c> whose value is not less than <paramref name="value"/>.</summary>
    private int LowerBound(int length, TValue value)
    {
        int lo = 0, hi = length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
