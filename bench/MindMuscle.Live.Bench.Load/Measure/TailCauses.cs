namespace MindMuscle.Live.Bench.Load.Measure;

/// <summary>
/// The window's sensor -> coach samples over <see cref="LatencySeconds.TailBound"/>, by what stopped the world while they
/// were under way (sent -> arrived): a GC pause of the hub, one of the generator, both, or neither. A pause delays every
/// sample in flight across it, so the share with no pause across them is what queueing and the code paths made.
/// Crossing is not causing: a sample held up for half a second by something else crosses a pause of each process
/// (both collect about twice a second), so a stalled run's tail lands in "both".
/// </summary>
internal sealed record TailCauses(long Tail, long HubGcOnly, long GeneratorGcOnly, long Both, long Neither)
{
    public static TailCauses Of(
        IEnumerable<(long SentAt, long ArrivedAt)> tails, IReadOnlyList<(long Start, long End)> hubPauses,
        IReadOnlyList<(long Start, long End)> generatorPauses, long windowStart, long windowEnd)
    {
        long tail = 0, hub = 0, gen = 0, both = 0, neither = 0;
        foreach (var (sent, arrived) in tails)
        {
            if (sent < windowStart || sent >= windowEnd)
            {
                continue;
            }

            tail++;
            var inHub = Overlaps(hubPauses, sent, arrived);
            var inGen = Overlaps(generatorPauses, sent, arrived);
            if (inHub && inGen)
            {
                both++;
            }
            else if (inHub)
            {
                hub++;
            }
            else if (inGen)
            {
                gen++;
            }
            else
            {
                neither++;
            }
        }

        return new TailCauses(tail, hub, gen, both, neither);
    }

    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Tail} samples over {LatencySeconds.TailBound.TotalMilliseconds:0} ms; under way across a GC pause of the hub only {Share(HubGcOnly)}, "
        + $"of the generator only {Share(GeneratorGcOnly)}, of both {Share(Both)}, of neither {Share(Neither)}");

    /// <summary>Whether a pause of <paramref name="pauses"/> (sorted by start) overlaps [from, to].</summary>
    internal static bool Overlaps(IReadOnlyList<(long Start, long End)> pauses, long from, long to)
    {
        // The last pause starting at or before 'to': pauses do not overlap each other, so only it and the ones before
        // it can reach 'from'; the ends are ascending too (a process pauses once at a time).
        int lo = 0, hi = pauses.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (pauses[mid].Start <= to)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && pauses[found].End >= from;
    }

    private string Share(long count) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"{count} ({(Tail == 0 ? 0 : 100.0 * count / Tail):0.#} %)");
}
