namespace MindMuscle.Live.Bench.Load.Measure;

/// <summary>Which seqs (1..capacity) of one runner were seen: a bit per seq, so duplicates and gaps are exact.</summary>
internal sealed class SeqSet(long capacity)
{
    private readonly ulong[] _bits = new ulong[(capacity + 64) / 64];

    public long Distinct { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Seqs outside 1..capacity (never published by this bench).</summary>
    public long OutOfRange { get; private set; }

    public void Add(long seq)
    {
        if (seq < 1 || seq > capacity)
        {
            OutOfRange++;
            return;
        }

        ref var word = ref _bits[seq >> 6];
        var mask = 1UL << (int)(seq & 63);
        if ((word & mask) != 0)
        {
            Duplicates++;
            return;
        }

        word |= mask;
        Distinct++;
    }

    /// <summary>How many of 1..<paramref name="published"/> were not seen.</summary>
    public long MissingUpTo(long published)
    {
        long seen = 0;
        var fullWords = (published + 1) >> 6;
        for (long w = 0; w < fullWords && w < _bits.Length; w++)
        {
            seen += (long)ulong.PopCount(_bits[w]);
        }

        for (var seq = fullWords << 6; seq <= published && seq <= capacity; seq++)
        {
            if ((_bits[seq >> 6] & (1UL << (int)(seq & 63))) != 0)
            {
                seen++;
            }
        }

        // Bit 0 is never set (seqs start at 1), so 'seen' counts only seqs 1..published.
        return published - seen;
    }
}
