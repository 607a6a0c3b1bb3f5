namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// SplitMix64 with Box-Muller normals. Our own generator rather than <see cref="Random"/> so the same seed gives the
/// same run on every .NET version and platform: the simulator promises same seed → same bytes.
/// </summary>
internal sealed class DeterministicRandom(ulong seed)
{
    private ulong _state = seed;
    private double? _spareNormal;

    public static ulong Mix(int seed, ulong stream) => unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ stream);

    public ulong NextUInt64()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (mean 0, sd 1).</summary>
    public double NextNormal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }

        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= double.Epsilon);
        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }
}
