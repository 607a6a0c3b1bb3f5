namespace MindMuscle.Live.CoachConsole.Live;

internal enum DashboardMode
{
    Normal = 0,
    Help = 1,
    PickCue = 2,
    TypeCue = 3,
}

/// <summary>The coach's side of the dashboard: what is selected, which prompt is open, the last message.</summary>
internal sealed class DashboardUi
{
    public string? SelectedRunnerId { get; set; }

    public SparkMetric Metric { get; set; } = SparkMetric.Cadence;

    /// <summary>The rep matrix is up in place of the runner rows (key <c>r</c>).</summary>
    public bool ShowReps { get; set; }

    public RepMetric RepMetric { get; set; }

    public DashboardMode Mode { get; set; }

    /// <summary>Who the open prompt cues: a runner id, or null for the whole group.</summary>
    public string? CueTarget { get; set; }

    public IReadOnlyList<CueChoice> Choices { get; set; } = [];

    public int ChoiceIndex { get; set; }

    public string Input { get; set; } = "";

    /// <summary>Digits typed to select a runner by number ("1" then "2" selects #12).</summary>
    public string NumberBuffer { get; set; } = "";

    public long NumberTypedAt { get; set; }

    public string? Message { get; set; }

    public bool MessageIsError { get; set; }

    /// <summary>First row of the visible window of runner rows.</summary>
    public int ScrollOffset { get; set; }
}
