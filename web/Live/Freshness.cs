namespace MindMuscle.Live.Web.Live;

/// <summary>How fresh a runner's data is, as the tile's badge says it (<c>data-freshness</c>).</summary>
public enum FreshnessKind
{
    /// <summary>Joined, no sample yet.</summary>
    Waiting = 0,
    Live = 1,
    Stale = 2,
    Backfilling = 3,
    Left = 4,
}

/// <summary>The badge: its kind and the age of the newest sample (null without one).</summary>
public readonly record struct Freshness(FreshnessKind Kind, TimeSpan? Age)
{
    /// <summary>The badge's word and the <c>data-freshness</c> value.</summary>
    public string Word => Kind switch
    {
        FreshnessKind.Waiting => "waiting",
        FreshnessKind.Live => "live",
        FreshnessKind.Stale => "stale",
        FreshnessKind.Backfilling => "backfilling",
        _ => "left",
    };

    /// <summary>What the badge shows; whole seconds, so it changes at most once a second.</summary>
    public string Text => Age is { } age ? Word + " " + MetricFormat.Age(age) : Word;
}
