namespace MindMuscle.Live.Web.Live;

/// <summary>The live view's tunables; the defaults suit a track session.</summary>
public sealed record LiveViewOptions
{
    /// <summary>A live runner with no sample for this long shows as stale.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a tile keeps showing battery and sensor contact after the last sample that carried them (sent rarely).</summary>
    public TimeSpan SlowFieldCarry { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back a sparkline draws, and so how much each runner keeps in memory.</summary>
    public TimeSpan HistoryWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Alerts kept in the feed (newest first); older ones drop off a page left open for hours.</summary>
    public int MaxAlerts { get; init; } = 200;

    /// <summary>Cues kept in the status list.</summary>
    public int MaxCues { get; init; } = 200;

    /// <summary>Markers kept in the list.</summary>
    public int MaxMarkers { get; init; } = 500;
}
