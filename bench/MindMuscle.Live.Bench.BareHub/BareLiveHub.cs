using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.BareHub;

/// <summary>
/// Same method names and payload types as the product hub, so one load generator drives both. Who a connection is
/// comes from the query string (<c>?session=...&amp;runner=...</c>) because the baseline has no auth.
/// </summary>
internal sealed class BareLiveHub(TimeProvider time) : Hub<ILiveClient>
{
    public async Task<PublishAck> Publish(SampleBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (session, runner) = Identity();
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

        return new PublishAck
        {
            UpTo = upTo,
            HubTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Accepted = batch.Samples.Length,
        };
    }

    public async Task<SessionSnapshot> Watch(string sessionId)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, sessionId);
        return new SessionSnapshot
        {
            Session = new SessionSummary { SessionId = sessionId, Name = "bare" },
            HubTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
    }

    public Task Unwatch(string sessionId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, sessionId);

    private (string Session, string Runner) Identity()
    {
        var query = Context.GetHttpContext()?.Request.Query;
        var session = query?["session"].ToString();
        var runner = query?["runner"].ToString();
        return (string.IsNullOrEmpty(session) ? "bench" : session, string.IsNullOrEmpty(runner) ? Context.ConnectionId : runner);
    }
}
