using MindMuscle.Live.CoachConsole.Review;
using MindMuscle.Live.CoachConsole.Tests.Live;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Tests.Review;

/// <summary>A recorded session held in memory: what the report reads, without a hub.</summary>
internal sealed class InMemorySessionData(
    SessionSnapshot session, IReadOnlyDictionary<string, MetricSample[]> samples, FormAlert[] alerts, CueUpdate[] cues) : ISessionData
{
    public Task<SessionSnapshot> GetSessionAsync(CancellationToken cancellationToken) => Task.FromResult(session);

    public Task<IReadOnlyList<MetricSample>> GetSamplesAsync(string runnerId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MetricSample>>(samples.GetValueOrDefault(runnerId, []));

    public Task<IReadOnlyList<FormAlert>> GetAlertsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FormAlert>>(alerts);

    public Task<IReadOnlyList<CueUpdate>> GetCuesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<CueUpdate>>(cues);

    /// <summary>Runners at 1 Hz for <paramref name="seconds"/> (4 m/s, so 400 m laps every 100 s), alerts on runner 1, cues.</summary>
    public static InMemorySessionData Create(int runners, int seconds)
    {
        var start = GroupScenario.Start.ToUnixTimeMilliseconds();
        var byRunner = Enumerable.Range(1, runners).ToDictionary(
            GroupScenario.RunnerId,
            i => Enumerable.Range(1, seconds).Select(t => GroupScenario.Sample(i, t, start + ((t - 1) * 1000L))).ToArray());
        var alerts = new[]
        {
            GroupScenario.Alert(1, start + 60_000) with { AlertId = "x1", Kind = AlertKind.CadenceDrop, ClearedAt = start + 90_000 },
            GroupScenario.Alert(1, start + 200_000) with { AlertId = "x2", Kind = AlertKind.Imbalance },
        };
        var cues = new[]
        {
            GroupScenario.Cue("k1", 1, CueStatus.Sent, start + 65_000),
            GroupScenario.Cue("k1", 1, CueStatus.Spoken, start + 65_000),
            GroupScenario.Cue("k2", 1, CueStatus.Expired, start + 210_000),
        };
        var snapshot = new SessionSnapshot
        {
            Session = new SessionSummary { SessionId = "s-1", Name = "Tuesday <6x800> & drills", CreatedAt = start, EndedAt = start + (seconds * 1000L) },
            Runners = [.. Enumerable.Range(1, runners).Select(i => new RunnerSnapshot { RunnerId = GroupScenario.RunnerId(i), Name = GroupScenario.Name(i) })],
        };
        return new InMemorySessionData(snapshot, byRunner, alerts, cues);
    }
}
