using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Web.Live;
using NSubstitute;

namespace MindMuscle.Live.Web.Tests.Live;

/// <summary>
/// A bUnit context with the live view's parts: a real <see cref="LiveStore"/> on a fake clock, animation frames the test
/// runs by hand (<see cref="FlushFrameAsync"/>), and a substitute <see cref="ILiveHubService"/> to see the coach's actions.
/// </summary>
public abstract class LiveTestContext : BunitContext
{
    /// <summary>A fixed hub time, UTC unix ms: the tests' "now".</summary>
    protected const long T0 = 1_800_000_000_000;

    protected LiveTestContext()
    {
        Time.SetLocalTimeZone(TimeZoneInfo.Utc);
        Store = new LiveStore(Time, Frames, new LiveViewOptions { StaleAfter = TimeSpan.FromSeconds(5) });
        Hub.SendCueAsync(default!, default).ReturnsForAnyArgs(["cue-1"]);
        Hub.AddMarkerAsync(default!, default).ReturnsForAnyArgs(ci => new SessionMarker
        {
            MarkerId = 1, SessionId = "s1", Kind = ci.Arg<MarkerRequest>().Kind, RunnerId = ci.Arg<MarkerRequest>().RunnerId, At = T0,
        });
    }

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(T0));

    protected ManualFrames Frames { get; } = new();

    /// <summary>The tiles' value writes (what js/tiles.js would write into their elements).</summary>
    protected RecordingTileWriter Tiles { get; } = new();

    protected LiveStore Store { get; }

    protected ILiveHubService Hub { get; } = Substitute.For<ILiveHubService>();

    /// <summary>Renders <typeparamref name="T"/> with the store and the hub as cascading values, as the page does.</summary>
    protected IRenderedComponent<T> RenderLive<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent =>
        Render<T>(p =>
        {
            p.AddCascadingValue(Store).AddCascadingValue(Hub).AddCascadingValue<ITileWriter>(Tiles);
            parameters?.Invoke(p);
        });

    /// <summary>Runs the pending animation frame on the renderer's dispatcher, as the browser would, then its tile writes.</summary>
    protected Task FlushFrameAsync() => Renderer.Dispatcher.InvokeAsync(() =>
    {
        Frames.Run();
        Tiles.Flush();
    });

    /// <summary>Applies on the dispatcher (store events render components) and runs the frame.</summary>
    protected async Task ApplyAsync(Action<LiveStore> change)
    {
        await Renderer.Dispatcher.InvokeAsync(() => change(Store));
        await FlushFrameAsync();
    }

    /// <summary>A session with these runners (ids r1, r2, ... named as given), its hub clock at <see cref="T0"/>.</summary>
    protected Task StartSessionAsync(params string[] names) => ApplyAsync(s => s.ApplySnapshot(new SessionSnapshot
    {
        Session = new SessionSummary { SessionId = "s1", Name = "Tuesday 6x800", AutoCue = AutoCueMode.Suggest },
        Runners = [.. names.Select((n, i) => new RunnerSnapshot { RunnerId = "r" + (i + 1), Name = n, State = RunnerState.Live })],
        HubTime = T0,
    }, hrMaxBpm: null));

    protected static SamplesFrame Frame(string runnerId, params MetricSample[] samples) =>
        new() { SessionId = "s1", Runners = [new RunnerSamples { RunnerId = runnerId, Samples = samples }] };

    protected static MetricSample Sample(long seq, long observedAt, int? heartRate = 150) => new()
    {
        Seq = seq,
        ObservedAt = observedAt,
        HeartRateBpm = heartRate,
        CadenceSpm = 178,
        SpeedMps = 4.0,
        StrideLengthM = 1.35,
        GroundContactMs = 242,
        VerticalOscillationCm = 8.4,
        GctBalanceLeftPct = 49.2,
        PowerW = 305,
        BatteryPct = 87,
        SensorContact = true,
    };
}

/// <summary>Animation frames the test runs: <see cref="Run"/> is the browser's next frame.</summary>
public sealed class ManualFrames : IFrameScheduler
{
    private Action? _pending;

    public int Requests { get; private set; }

    public int Arrivals { get; private set; }

    public bool HasPending => _pending is not null;

    public void Request(Action onFrame)
    {
        if (_pending is null)
        {
            Requests++;
        }

        _pending = onFrame;
    }

    public int ArrivedSamples { get; private set; }

    public void NoteArrival(int samples)
    {
        Arrivals++;
        ArrivedSamples += samples;
    }

    public void Run()
    {
        var pending = _pending;
        _pending = null;
        pending?.Invoke();
    }
}

/// <summary>
/// The tiles' value writes as js/tiles.js receives them: per runner the last text of each field written
/// (<see cref="Shown"/>), and how many writes went out.
/// </summary>
public sealed class RecordingTileWriter : ITileWriter
{
    private readonly List<(string RunnerId, string?[] Fields)> _queued = [];
    private readonly Dictionary<string, string?[]> _shown = new(StringComparer.Ordinal);

    /// <summary>Writes sent per runner (a frame's flush sends each queued tile once).</summary>
    public Dictionary<string, int> Writes { get; } = new(StringComparer.Ordinal);

    public void Write(string runnerId, ReadOnlySpan<string?> fields) => _queued.Add((runnerId, fields.ToArray()));

    public void Flush()
    {
        foreach (var (runnerId, fields) in _queued)
        {
            Writes[runnerId] = Writes.GetValueOrDefault(runnerId) + 1;
            if (!_shown.TryGetValue(runnerId, out var shown))
            {
                _shown[runnerId] = shown = new string?[TileFields.Count];
            }

            for (var i = 0; i < fields.Length; i++)
            {
                // Null: left as it is; an empty text is written (a sparkline with no point).
                if (fields[i] is not null)
                {
                    shown[i] = fields[i];
                }
            }
        }

        _queued.Clear();
    }

    public int WritesOf(string runnerId) => Writes.GetValueOrDefault(runnerId);

    /// <summary>The text the writer last gave the element with this <c>data-metric</c> (null: never written).</summary>
    public string? Shown(string runnerId, string metric) =>
        _shown.TryGetValue(runnerId, out var shown) ? shown[Index(metric)] : null;

    /// <summary>The text the writer last gave field <paramref name="index"/> of <see cref="TileFields"/> (null: never written).</summary>
    public string? ShownField(string runnerId, int index) =>
        _shown.TryGetValue(runnerId, out var shown) ? shown[index] : null;

    private static int Index(string metric)
    {
        for (var i = 0; i < TileFields.Metrics.Count; i++)
        {
            if (TileFields.Metrics[i] == metric)
            {
                return i;
            }
        }

        throw new ArgumentException($"no tile field {metric}", nameof(metric));
    }
}
