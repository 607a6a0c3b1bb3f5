using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Review.Charts;

/// <summary>
/// Any metric for any set of runners of a recorded session, overlaid or as small multiples: the hub's reduced series
/// (a mean line and the bucket's min-max band, never raw samples), alert spans shaded, cues and markers marked.
/// Dragging over a chart zooms: the series is fetched again for the dragged range (a stale request is cancelled).
/// </summary>
public sealed partial class SeriesChart
{
    private readonly ChartCursor _cursor = new();
    private object? _rendered;
    private ChartMetric _metric = ChartMetric.HeartRate;
    private string? _metricParameter;
    private ChartMode _mode;
    private ChartMode? _modeParameter;
    private ChartRange? _zoom;
    private ChartRange _range;
    private IJSObjectReference? _module;
    private CancellationTokenSource? _fetch;
    private RunnerSeries[] _series = [];
    private IReadOnlyList<ChartFrame>? _frames;
    private ChartSpan[] _spans = [];
    private object? _loadedKey;
    private object? _builtKey;
    private long? _origin;
    private string? _error;
    private bool _loading;
    private bool _ready;
    private bool _prefetchTaken;

    /// <summary>Who reads the session (its id, the bearer token); the chart reads the hub with it.</summary>
    [Parameter, EditorRequired]
    public ReviewReader Reader { get; set; } = default!;

    /// <summary>The runners to chart, in the order (and colours) shown.</summary>
    [Parameter]
    public IReadOnlyList<string> RunnerIds { get; set; } = [];

    /// <summary>Runner names by id, for labels (an id is shown when missing).</summary>
    [Parameter]
    public IReadOnlyDictionary<string, string> RunnerNames { get; set; } = new Dictionary<string, string>();

    /// <summary>A sample field (<see cref="ChartMetric.All"/>); the picker changes it (<see cref="MetricChanged"/>).</summary>
    [Parameter]
    public string Metric { get; set; } = ChartMetric.HeartRate.Field;

    [Parameter]
    public EventCallback<string> MetricChanged { get; set; }

    [Parameter]
    public ChartMode Mode { get; set; } = ChartMode.Overlay;

    [Parameter]
    public EventCallback<ChartMode> ModeChanged { get; set; }

    /// <summary>Offer the metric picker (else a title).</summary>
    [Parameter]
    public bool ShowPicker { get; set; } = true;

    /// <summary>The range shown when not zoomed, UTC unix ms; null: the session's start (or end).</summary>
    [Parameter]
    public long? From { get; set; }

    [Parameter]
    public long? To { get; set; }

    /// <summary>The session's start, UTC unix ms: the axis counts elapsed time from it (else from the first data).</summary>
    [Parameter]
    public long? Origin { get; set; }

    /// <summary>Buckets per runner asked of the hub (at most <see cref="RunnerSeries.MaxPoints"/>).</summary>
    [Parameter]
    public int Points { get; set; } = RunnerSeries.DefaultPoints;

    [Parameter]
    public IReadOnlyList<FormAlert> Alerts { get; set; } = [];

    [Parameter]
    public IReadOnlyList<CueUpdate> Cues { get; set; } = [];

    [Parameter]
    public IReadOnlyList<SessionMarker> Markers { get; set; } = [];

    /// <summary>A cursor line at this instant (UTC unix ms), e.g. the review timeline's position; null: none.</summary>
    [Parameter]
    public long? CursorAt { get; set; }

    /// <summary>A request for this chart's first series started by the page (used once, when it matches).</summary>
    [Parameter]
    public SeriesPrefetch? Prefetched { get; set; }

    /// <summary>The range after a drag-zoom, or the unzoomed range after "reset zoom".</summary>
    [Parameter]
    public EventCallback<ChartRange> OnZoom { get; set; }

    /// <summary>Whether the chart is zoomed into a dragged range.</summary>
    public bool IsZoomed => _zoom is not null;

    protected override async Task OnParametersSetAsync()
    {
        if (!string.Equals(_metricParameter, Metric, StringComparison.Ordinal))
        {
            _metricParameter = Metric;
            _metric = ChartMetric.Find(Metric) ?? ChartMetric.HeartRate;
        }

        if (_modeParameter != Mode)
        {
            _modeParameter = Mode;
            _mode = Mode;
        }

        // A new unzoomed range from the host (the review page) ends a zoom.
        var unzoomed = new ChartRange(From, To);
        if (_zoom is not null && _loadedKey is LoadKey last && last.Unzoomed != unzoomed)
        {
            _zoom = null;
        }

        _range = _zoom ?? unzoomed;
        _cursor.MoveTo(CursorAt / 1000.0);
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/charts.js");
        var key = new LoadKey(Reader, string.Join('\n', RunnerIds), _metric.Field, _range, unzoomed, Points);
        if (!Equals(key, _loadedKey))
        {
            _loadedKey = key;
            await LoadAsync();
        }
        else
        {
            Rebuild();
        }
    }

    private async Task LoadAsync()
    {
        if (_fetch is not null)
        {
            await _fetch.CancelAsync();
            _fetch.Dispose();
        }

        var fetch = _fetch = new CancellationTokenSource();
        if (RunnerIds.Count == 0)
        {
            // A load cancelled by this one returns early: nothing else clears its loading state.
            _loading = false;
            _series = [];
            Rebuild();
            return;
        }

        _loading = true;
        _ready = false;
        try
        {
            var prefetched = Prefetched is { } pre && !_prefetchTaken && pre.Answers(RunnerIds, _metric.Field, _range, Points) ? pre.Series : null;
            _prefetchTaken = true;
            var series = prefetched is not null
                ? await prefetched.WaitAsync(fetch.Token)
                : await Api.GetSeriesAsync(Reader, RunnerIds, _metric.Field, _range.From, _range.To, Points, fetch.Token);
            if (fetch.IsCancellationRequested)
            {
                return;
            }

            _series = series;
            _error = null;
            _origin ??= series.SelectMany(s => s.Points).Select(p => (long?)p.T).Min();
            _builtKey = null;
            Rebuild();
        }
        catch (OperationCanceledException) when (fetch.IsCancellationRequested)
        {
            // A newer range or metric was asked for meanwhile: its answer is the one to draw.
            return;
        }
        catch (ReviewApiException ex)
        {
            _error = ex.Message;
            _frames = null;
        }

        _loading = false;
    }

    private void Rebuild()
    {
        // Frames are rebuilt only when what they show changed: a moving cursor alone must not send the data again.
        var key = (_series, _mode, Alerts, Cues, Markers, RunnerNames, Origin);
        if (_frames is not null && Equals(_builtKey, key))
        {
            return;
        }

        _builtKey = key;
        var origin = Origin ?? _origin ?? _range.From ?? 0;
        var overlays = new ChartOverlays(Alerts, Cues, Markers);
        _frames = ChartFrames.Build(_mode, _metric, _series, RunnerNames, overlays, _range, origin);
        _spans = [.. _frames.SelectMany(f => f.Spans)];
    }

    private async Task PickMetricAsync(ChangeEventArgs change)
    {
        if (ChartMetric.Find(change.Value as string) is not { } metric || metric == _metric)
        {
            return;
        }

        _metric = metric;
        await MetricChanged.InvokeAsync(metric.Field);
        _loadedKey = new LoadKey(Reader, string.Join('\n', RunnerIds), _metric.Field, _range, new ChartRange(From, To), Points);
        await LoadAsync();
    }

    private async Task PickModeAsync(ChangeEventArgs change)
    {
        var mode = string.Equals(change.Value as string, "multiples", StringComparison.Ordinal) ? ChartMode.Multiples : ChartMode.Overlay;
        if (mode == _mode)
        {
            return;
        }

        _mode = mode;
        _ready = false;
        await ModeChanged.InvokeAsync(mode);
        Rebuild();
    }

    private async Task ZoomAsync(ChartRange range)
    {
        _zoom = range;
        await ApplyRangeAsync(range);
    }

    private async Task ResetZoomAsync()
    {
        _zoom = null;
        await ApplyRangeAsync(new ChartRange(From, To));
    }

    private async Task ApplyRangeAsync(ChartRange range)
    {
        _range = range;
        var unzoomed = new ChartRange(From, To);
        _loadedKey = new LoadKey(Reader, string.Join('\n', RunnerIds), _metric.Field, range, unzoomed, Points);
        var load = LoadAsync();
        await OnZoom.InvokeAsync(range);
        await load;
    }

    /// <summary>
    /// Only when the markup would change: a scrub moves the cursor (through <see cref="ChartCursor"/>, straight to the
    /// canvases), and rendering the chart for it would hand new parameters to every panel.
    /// </summary>
    protected override bool ShouldRender() => !Equals(RenderState(), _rendered);

    private RenderKey RenderState() =>
        new(_metric, _mode, _zoom, _range, _error, RunnerIds, RunnerNames, _module, _frames, _loading, _ready, ShowPicker, Origin ?? _origin);

    private void Drawn() => _ready = !_loading;

    private static string ModeName(ChartMode mode) => mode == ChartMode.Multiples ? "multiples" : "overlay";

    private static string? Invariant(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private string Elapsed(long at) => MetricFormat.MinSec((at - (Origin ?? _origin ?? at)) / 1000.0);

    public async ValueTask DisposeAsync()
    {
        if (_fetch is not null)
        {
            await _fetch.CancelAsync();
            _fetch.Dispose();
        }

        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The page is going away.
            }
        }
    }

    // Records compare their members with Equals: references for the lists and frames, values for the rest.
    private sealed record RenderKey(
        ChartMetric Metric, ChartMode Mode, ChartRange? Zoom, ChartRange Range, string? Error, IReadOnlyList<string> Runners,
        IReadOnlyDictionary<string, string> Names, IJSObjectReference? Module, IReadOnlyList<ChartFrame>? Frames, bool Loading, bool Ready,
        bool ShowPicker, long? Origin);

    private sealed record LoadKey(ReviewReader Reader, string Runners, string Metric, ChartRange Range, ChartRange Unzoomed, int Points);
}
