namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>Draws a series as Unicode block characters, one cell per time bucket, scaled to the series' own range.</summary>
internal static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>
    /// <paramref name="width"/> cells covering <paramref name="window"/> up to <paramref name="endAt"/>; a bucket without
    /// points is a space (a gap shows as a gap, not as a low value).
    /// </summary>
    public static string Render(IReadOnlyCollection<(long At, double Value)> points, long endAt, TimeSpan window, int width)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (width <= 0)
        {
            return "";
        }

        var sums = new double[width];
        var counts = new int[width];
        var windowMs = Math.Max(1, (long)window.TotalMilliseconds);
        var start = endAt - windowMs;
        foreach (var (at, value) in points)
        {
            if (at < start || at > endAt)
            {
                continue;
            }

            var bucket = (int)Math.Min(width - 1, (at - start) * width / windowMs);
            sums[bucket] += value;
            counts[bucket]++;
        }

        var min = double.MaxValue;
        var max = double.MinValue;
        for (var i = 0; i < width; i++)
        {
            if (counts[i] > 0)
            {
                var mean = sums[i] / counts[i];
                min = Math.Min(min, mean);
                max = Math.Max(max, mean);
            }
        }

        var chars = new char[width];
        for (var i = 0; i < width; i++)
        {
            if (counts[i] == 0)
            {
                chars[i] = ' ';
                continue;
            }

            var mean = sums[i] / counts[i];
            var level = max - min < 1e-9 ? Blocks.Length / 2 : (int)Math.Round((mean - min) / (max - min) * (Blocks.Length - 1));
            chars[i] = Blocks[Math.Clamp(level, 0, Blocks.Length - 1)];
        }

        return new string(chars);
    }
}
