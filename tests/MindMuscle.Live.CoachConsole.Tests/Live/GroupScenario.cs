using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

/// <summary>A deterministic track session as the dashboard would see it: N runners, 3 minutes of 1 Hz samples, alerts, cues.</summary>
internal static class GroupScenario
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private static readonly string[] Names =
    [
        "Ana", "Bruno", "Chiara", "Dmitri", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kavya", "Lars", "Maja", "Nikos",
        "Olu", "Priya", "Quinn", "Rosa", "Sven", "Tomás", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë",
    ];

    public static FakeTimeProvider Clock() => new(Start) { };

    public static string RunnerId(int i) => $"r{i:00}";

    public static string Name(int i) => Names[(i - 1) % Names.Length] + (i > Names.Length ? " " + ((i - 1) / Names.Length + 1).ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>Builds the model: a snapshot, then <paramref name="seconds"/> frames, alerts on every 7th runner, a few cues.</summary>
    public static LiveViewModel Build(FakeTimeProvider time, int runners = 60, int seconds = 180)
    {
        var model = new LiveViewModel(time);
        var startMs = Start.ToUnixTimeMilliseconds();
        model.Apply(new ConnectionChanged(HubConnectionStatus.Connected, null));
        model.Apply(new SnapshotReceived(new SessionSnapshot
        {
            Session = new SessionSummary { SessionId = "s-1", Name = "Tuesday 6x800", CreatedAt = startMs },
            Runners = [.. Enumerable.Range(1, runners).Select(i => new RunnerSnapshot { RunnerId = RunnerId(i), Name = Name(i), State = RunnerState.Joined })],
            HubTime = startMs,
        }, Gap: null));

        for (var t = 0; t < seconds; t++)
        {
            var at = startMs + (t * 1000L);
            model.Apply(new SamplesReceived(new SamplesFrame
            {
                SessionId = "s-1",
                Runners = [.. Enumerable.Range(1, runners).Select(i => new RunnerSamples { RunnerId = RunnerId(i), Samples = [Sample(i, t + 1, at)] })],
            }));
        }

        time.SetUtcNow(Start.AddSeconds(seconds));
        for (var i = 7; i <= runners; i += 7)
        {
            model.Apply(new AlertRaised(Alert(i, startMs + (seconds - 20 + i % 10) * 1000L)));
        }

        model.Apply(new RunnerStatusChanged(new RunnerStatusUpdate { RunnerId = RunnerId(3), Name = Name(3), State = RunnerState.Stale, At = startMs }));
        model.Apply(new RunnerStatusChanged(new RunnerStatusUpdate { RunnerId = RunnerId(5), Name = Name(5), State = RunnerState.Backfilling, At = startMs }));
        model.Apply(new RunnerStatusChanged(new RunnerStatusUpdate { RunnerId = RunnerId(9), Name = Name(9), State = RunnerState.Left, At = startMs }));
        model.Apply(new CueUpdated(Cue("c1", 7, CueStatus.Spoken, startMs + 170_000)));
        model.Apply(new CueUpdated(Cue("c2", 14, CueStatus.Delivered, startMs + 174_000)));
        model.Apply(new CueUpdated(Cue("c3", 21, CueStatus.Sent, startMs + 178_000)));
        model.Apply(new CueUpdated(Cue("c4", 28, CueStatus.Expired, startMs + 150_000)));
        return model;
    }

    public static MetricSample Sample(int runner, long seq, long at)
    {
        var wave = Math.Sin((seq + runner) / 12.0);
        return new MetricSample
        {
            Seq = seq,
            ObservedAt = at,
            HeartRateBpm = 120 + (runner % 6 * 10) + (int)(wave * 5),
            CadenceSpm = 172 + (runner % 9) + (wave * 3),
            SpeedMps = 3.6 + (runner % 5 * 0.2),
            StrideLengthM = 1.2 + (runner % 4 * 0.05),
            GroundContactMs = 230 + (runner % 7 * 5),
            VerticalOscillationCm = 8 + (runner % 3 * 0.4),
            PowerW = 250 + (runner % 8 * 10),
            GctBalanceLeftPct = 50 + (runner % 11 == 0 ? 3.2 : 0.4),
            DistanceM = seq * 4.0,
        };
    }

    public static FormAlert Alert(int runner, long at)
    {
        var kind = (runner / 7 % 4) switch { 0 => AlertKind.Imbalance, 1 => AlertKind.CadenceDrop, 2 => AlertKind.HeavyFootfall, _ => AlertKind.HrDrift };
        return new FormAlert
        {
            AlertId = $"a{runner}",
            Kind = kind,
            RunnerId = RunnerId(runner),
            StartedAt = at,
            Severity = runner % 14 == 0 ? AlertSeverity.Critical : AlertSeverity.Warning,
            Message = kind switch
            {
                AlertKind.Imbalance => "Left 46.8 % of ground contact for 20 s",
                AlertKind.CadenceDrop => "Cadence 168 spm, 6.7 % below baseline 180 for 15 s",
                AlertKind.HeavyFootfall => "GCT 262 ms (+9 %), VO 9.6 cm (+12 %) for 20 s",
                _ => "HR 171 bpm, +9 bpm at the same pace over 3 min",
            },
            SuggestedCue = kind switch
            {
                AlertKind.Imbalance => "Squeeze the left glute as you push off",
                AlertKind.CadenceDrop => "Quick light feet, drive the knee",
                AlertKind.HeavyFootfall => "Run quiet: drive the ground away",
                _ => "Ease off a touch, relax the shoulders",
            },
            Side = kind == AlertKind.Imbalance ? "left" : null,
        };
    }

    public static CueUpdate Cue(string id, int runner, CueStatus status, long at) => new()
    {
        CueId = id,
        RunnerId = RunnerId(runner),
        Text = "Squeeze the left glute as you push off",
        Status = status,
        IssuedAt = at,
        ExpiresAt = at + 20_000,
        At = at + 1000,
    };
}
