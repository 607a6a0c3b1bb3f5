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

    protected LiveStore Store { get; }

    protected ILiveHubService Hub { get; } = Substitute.For<ILiveHubService>();

    /// <summary>Renders <typeparamref name="T"/> with the store and the hub as cascading values, as the page does.</summary>
    protected IRenderedComponent<T> RenderLive<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent =>
        Render<T>(p =>
        {
            p.AddCascadingValue(Store).AddCascadingValue(Hub);
            parameters?.Invoke(p);
        });

    /// <summary>Runs the pending animation frame on the renderer's dispatcher, as the browser would.</summary>
    protected Task FlushFrameAsync() => Renderer.Dispatcher.InvokeAsync(Frames.Run);

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
