namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>Five heart-rate zones as shares of max HR (50–60–70–80–90 %), each with its colour.</summary>
internal sealed record HeartRateZones(int MaxHeartRate = 190)
{
    private static readonly string[] Styles = ["grey70", "deepskyblue1", "green", "yellow", "bold red"];

    /// <summary>1–5; readings under 60 % count as zone 1.</summary>
    public int Zone(int bpm)
    {
        var share = (double)bpm / Math.Max(1, MaxHeartRate);
        return share switch
        {
            < 0.6 => 1,
            < 0.7 => 2,
            < 0.8 => 3,
            < 0.9 => 4,
            _ => 5,
        };
    }

    public string Style(int bpm) => Styles[Zone(bpm) - 1];
}
