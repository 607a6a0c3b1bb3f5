namespace MindMuscle.Live.Core.Fit;

/// <summary>One FIT session: the activity's sport and totals.</summary>
public sealed record FitSession
{
    public required FitTotals Totals { get; init; }

    /// <summary>FIT sport enum: 1 is running; null when the file does not say.</summary>
    public int? Sport { get; init; }

    /// <summary>FIT sub_sport enum: 4 is track.</summary>
    public int? SubSport { get; init; }

    public int? NumLaps { get; init; }

    public bool IsRunning => Sport == FitProfile.Values.SportRunning;
}
