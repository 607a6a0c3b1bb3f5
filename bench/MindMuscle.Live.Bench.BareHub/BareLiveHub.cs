using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.BareHub;

/// <summary>
/// Same method names and payload types as the product hub, so one load generator drives both. Who a connection is
/// comes from the query string (<c>?session=...&amp;runner=...</c>) because the baseline has no auth; a coach's session
/// is the one it watched last. With <c>--record</c> a publish is answered only once its samples are committed.
/// </summary>
internal sealed class BareLiveHub(BareCues cues, TimeProvider time, BareRecorder? recorder = null) : Hub<ILiveClient>
{
    private const string WatchedKey = "watched";

    public override async Task OnConnectedAsync()
    {
        var query = Context.GetHttpContext()?.Request.Query;
        if (!string.IsNullOrEmpty(query?["runner"].ToString()))
        {
            var (session, runner) = Identity();
            await Groups.AddToGroupAsync(Context.ConnectionId, RunnerGroup(session, runner));
        }

        await base.OnConnectedAsync();
    }

    public async Task<PublishAck> Publish(SampleBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (session, runner) = Identity();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var committed = recorder?.RecordAsync(session, runner, batch.Samples, now) ?? Task.CompletedTask;
        var upTo = 0L;
        foreach (var sample in batch.Samples)
        {
            var frame = new SamplesFrame
            {
                SessionId = session,
                Runners = [new RunnerSamples { RunnerId = runner, Samples = [sample] }],
            };
            // The plain way: one group broadcast per sample, awaited.
            await Clients.Group(session).Samples(frame);
            upTo = Math.Max(upTo, sample.Seq);
        }

        // The ack promises the samples are durable, as the product's does.
        await committed;
        return new PublishAck
        {
            UpTo = upTo,
            HubTime = now,
            Accepted = batch.Samples.Length,
        };
    }

    public async Task<SessionSnapshot> Watch(string sessionId)
    {
        Context.Items[WatchedKey] = sessionId;
        await Groups.AddToGroupAsync(Context.ConnectionId, sessionId);
        return new SessionSnapshot
        {
            Session = new SessionSummary { SessionId = sessionId, Name = "bare" },
            HubTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
    }

    public Task Unwatch(string sessionId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, sessionId);

    /// <summary>The plain cue: tell the session's coaches it is sent, hand it to the runner's group; no recording, no TTL.</summary>
    public async Task<string[]> SendCue(CueRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = Context.Items.TryGetValue(WatchedKey, out var watched) && watched is string s
            ? s
            : throw new HubException("Watch a session before sending cues");
        var runner = request.RunnerId ?? throw new HubException("The baseline sends cues to one runner only");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var cue = new CueMessage { CueId = Guid.NewGuid().ToString("N"), Text = request.Text ?? "", IssuedAt = now, ExpiresAt = now + 60_000 };
        var update = new CueUpdate
        {
            CueId = cue.CueId, RunnerId = runner, Text = cue.Text, Status = Core.Cues.CueStatus.Sent, IssuedAt = now, ExpiresAt = cue.ExpiresAt, At = now,
        };
        cues.Sent(session, update);
        await Clients.Group(session).CueUpdate(update);
        await Clients.Group(RunnerGroup(session, runner)).Cue(cue);
        return [cue.CueId];
    }

    /// <summary>A runner's report on a cue goes to the session's coaches.</summary>
    public async Task CueStatus(CueStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (cues.TryReported(report.CueId, out var session, out var update))
        {
            await Clients.Group(session).CueUpdate(update with { Status = report.Status, At = time.GetUtcNow().ToUnixTimeMilliseconds() });
        }
    }

    private static string RunnerGroup(string session, string runner) => $"runner:{session}:{runner}";

    private (string Session, string Runner) Identity()
    {
        var query = Context.GetHttpContext()?.Request.Query;
        var session = query?["session"].ToString();
        var runner = query?["runner"].ToString();
        return (string.IsNullOrEmpty(session) ? "bench" : session, string.IsNullOrEmpty(runner) ? Context.ConnectionId : runner);
    }
}
