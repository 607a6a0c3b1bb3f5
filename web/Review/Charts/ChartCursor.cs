namespace MindMuscle.Live.Web.Review.Charts;

/// <summary>
/// A chart's cursor line, shared by the chart and its panels: moving it (a scrub) redraws the line in each panel's
/// canvas without rendering the chart's markup again.
/// </summary>
public sealed class ChartCursor
{
    /// <summary>Where the line is, unix s; null: hidden.</summary>
    public double? At { get; private set; }

    public event Action? Moved;

    public void MoveTo(double? at)
    {
        if (At == at)
        {
            return;
        }

        At = at;
        Moved?.Invoke();
    }
}
