using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Relay.Tests.Uplink;

/// <summary>
/// A minimal hub speaking the wire contract (docs/protocol.md) on real Kestrel at 127.0.0.1: join with rejoin secret,
/// opaque bearer tokens (no JWT) checked on the WebSocket handshake (401), Publish with dedup by seq and "highest contiguous"
/// acks, Cue out, CueStatus in. Its state outlives a stop/restart on the same port, like a hub's durable store.
/// </summary>
internal sealed class InTestHub : IAsyncDisposable
{
    // A wedged Kestrel or SignalR call fails the test instead of hanging the run.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private WebApplication? _app;

    private InTestHub(HubState state) => State = state;

    public HubState State { get; }

    public int Port { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public static async Task<InTestHub> StartAsync(HubState? state = null)
    {
        var hub = new InTestHub(state ?? new HubState());
        // A port outside the kernel's ephemeral range: a port-0 one can be taken while the hub is stopped (an outage
        // test) as the local port of any outgoing connection on the machine, and the restart then fails to bind.
        // Another process choosing explicit ports can still take it before the first bind: then try another.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await hub.StartOnAsync(FreePort.Next());
                return hub;
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Taken between the check and the bind: the next attempt draws another port.
            }
        }
    }

    /// <summary>Stops the server: every connection drops, as when a hub crashes or the network goes.</summary>
    public async Task StopAsync()
    {
        if (_app is null)
        {
            return;
        }

        await _app.StopAsync().WaitAsync(Limit);
        await _app.DisposeAsync().AsTask().WaitAsync(Limit);
        _app = null;
    }

    /// <summary>Starts again on the same port.</summary>
    public Task RestartAsync() => StartOnAsync(Port);

    public async Task SendCueAsync(string runnerId, CueMessage cue)
    {
        var context = _app!.Services.GetRequiredService<IHubContext<TestLiveHub>>();
        await context.Clients.Group("runner:" + runnerId).SendAsync(LiveHubContract.Cue, cue).WaitAsync(Limit);
    }

    /// <summary>Drops every live connection without stopping the server.</summary>
    public void AbortConnections() => State.AbortAll();

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartOnAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton(State);
        builder.Services.AddSignalR().AddMessagePackProtocol();
        var app = builder.Build();
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(LiveHubContract.Path))
            {
                var token = context.Request.Query["access_token"].ToString();
                var header = context.Request.Headers.Authorization.ToString();
                if (string.IsNullOrEmpty(token) && header.StartsWith("Bearer ", StringComparison.Ordinal))
                {
                    token = header["Bearer ".Length..];
                }

                var runnerId = State.Authenticate(token);
                if (runnerId is null)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                context.Items["rid"] = runnerId;
            }

            await next(context);
        });
        app.MapPost("/api/join", (JoinRequest request, HttpContext context) =>
        {
            // The Date header comes from the hub's (skewed) clock, as it would on a hub whose clock is off.
            context.Response.Headers.Date = DateTimeOffset.FromUnixTimeMilliseconds(State.Now).ToString("R");
            if (State.TryThrottle())
            {
                context.Response.Headers.RetryAfter = "1";
                return Results.Problem(statusCode: 429, title: "Too many join attempts");
            }

            return State.Join(request);
        });
        app.MapHub<TestLiveHub>(LiveHubContract.Path);
        try
        {
            await app.StartAsync().WaitAsync(Limit);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        _app = app;
    }
}

internal sealed class TestLiveHub(HubState state) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var runnerId = (string)Context.GetHttpContext()!.Items["rid"]!;
        Context.Items["rid"] = runnerId;
        state.Connected(Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, "runner:" + runnerId);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        state.Disconnected(Context);
        return Task.CompletedTask;
    }

    public PublishAck Publish(SampleBatch batch) =>
        state.TryRateLimit(out var message) || state.TryRefuse(batch, out message)
            ? throw new HubException(message)
            : state.Publish((string)Context.Items["rid"]!, batch);

    public void CueStatus(CueStatusReport report) => state.ReportCueStatus((string)Context.Items["rid"]!, report);
}

/// <summary>What the in-test hub holds: runners, what each recorded (in order), tokens, cue statuses.</summary>
internal sealed class HubState
{
    private readonly Lock _gate = new();
    private readonly HashSet<long> _refused = [];
    private readonly Dictionary<string, (string RunnerId, long ExpiresAt)> _tokens = [];
    private readonly Dictionary<string, HubContextHandle> _connections = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string JoinCode { get; set; } = "TESTCODE";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The session has ended: first joins are refused, rejoins still work (a relay may flush its outbox).</summary>
    public bool Ended { get; set; }

    /// <summary>Added to the hub's clock: the relay must learn it from ack round-trips.</summary>
    public TimeSpan ClockSkew { get; set; }

    public Dictionary<string, RunnerRecord> Runners { get; } = [];

    public List<(string RunnerId, CueStatusReport Report)> CueStatuses { get; } = [];

    public int Joins { get; private set; }

    /// <summary>Join attempts still to be answered 429 with Retry-After: 1.</summary>
    public int ThrottleJoins { get; set; }

    public int Throttled { get; private set; }

    /// <summary>Publishes still to be refused with the real hub's rate-limit message (nothing of them recorded).</summary>
    public int RateLimitPublishes { get; set; }

    /// <summary>The wait the rate-limit message names.</summary>
    public TimeSpan RateLimitRetryAfter { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>When each publish reached the hub and whether it was refused for the rate, in arrival order.</summary>
    public List<(DateTimeOffset At, bool RateLimited)> PublishArrivals { get; } = [];

    public DateTimeOffset LastThrottledAt { get; private set; }

    public DateTimeOffset LastJoinAt { get; private set; }

    public int Rejoins { get; private set; }

    /// <summary>Joins and rejoins answered 403 or 404.</summary>
    public int Refused { get; private set; }

    public int Connections { get; private set; }

    public long Now => DateTimeOffset.UtcNow.Add(ClockSkew).ToUnixTimeMilliseconds();

    public IResult Join(JoinRequest request)
    {
        lock (_gate)
        {
            // The real hub's refusals (hub/Sessions/SessionsApi.cs), with its words.
            RunnerRecord runner;
            if (request.RunnerId is not null)
            {
                if (request.JoinCode != JoinCode || !Runners.TryGetValue(request.RunnerId, out runner!))
                {
                    Refused++;
                    Signal();
                    return Results.Problem(statusCode: 404, detail: "No runner with this runnerId under this joinCode; join without runnerId to join as a new runner");
                }

                if (runner.Secret != request.RejoinSecret)
                {
                    Refused++;
                    Signal();
                    return Results.Problem(statusCode: 403, detail: "rejoinSecret does not match this runner; send the rejoinSecret from your first join, or join without runnerId as a new runner");
                }

                Rejoins++;
            }
            else if (request.JoinCode != JoinCode || Ended)
            {
                Refused++;
                Signal();
                return Results.Problem(statusCode: 404, detail: "No running session has this joinCode; check the code with your coach (it ends when the session ends)");
            }
            else
            {
                runner = new RunnerRecord { RunnerId = "r" + (Runners.Count + 1), Name = request.RunnerName, Secret = Guid.NewGuid().ToString("N") };
                Runners[runner.RunnerId] = runner;
                Joins++;
            }

            LastJoinAt = DateTimeOffset.UtcNow;
            var token = "t-" + Guid.NewGuid().ToString("N");
            var expires = Now + (long)TokenLifetime.TotalMilliseconds;
            _tokens[token] = (runner.RunnerId, expires);
            Signal();
            return Results.Ok(new JoinResponse
            {
                SessionId = "s1",
                RunnerId = runner.RunnerId,
                RunnerToken = token,
                RunnerTokenExpiresAt = expires,
                RejoinSecret = runner.Secret,
                LastSeq = runner.UpTo,
            });
        }
    }

    public bool TryThrottle()
    {
        lock (_gate)
        {
            if (ThrottleJoins <= 0)
            {
                return false;
            }

            ThrottleJoins--;
            Throttled++;
            LastThrottledAt = DateTimeOffset.UtcNow;
            return true;
        }
    }

    /// <summary>Publishes starting at seq 1 still to fail with an error that is no refusal (a transient one).</summary>
    public int FailFirstBatch { get; set; }

    /// <summary>A seq whose every batch is refused as the real hub refuses a reading out of range.</summary>
    public long? RefuseSeq { get; set; }

    /// <summary>The seq the refusal of <see cref="RefuseSeq"/> names, when not that one (a reading the relay no longer holds).</summary>
    public long? RefusalNames { get; set; }

    public bool TryRefuse(SampleBatch batch, out string message)
    {
        lock (_gate)
        {
            message = "";
            if (FailFirstBatch > 0 && batch.Samples.Length > 0 && batch.Samples[0].Seq == 1)
            {
                FailFirstBatch--;
                message = "Publish failed for a moment";
                return true;
            }

            if (RefuseSeq is { } seq && Array.FindIndex(batch.Samples, x => x.Seq == seq) is >= 0 and var i)
            {
                var named = RefusalNames ?? seq;
                _refused.Add(named);
                message = $"Batch rejected (outOfRange): samples[{i}].heartRateBpm (seq {named}) is 300 bpm; expected 20..255 bpm or null when unknown. Nothing of it was recorded.";
                return true;
            }

            return false;
        }
    }

    /// <summary>Refuses this publish as the hub's per-runner rate limit does (hub/Ingest/PublishRateLimiter.cs), while any are left.</summary>
    public bool TryRateLimit(out string message)
    {
        lock (_gate)
        {
            var limited = RateLimitPublishes > 0;
            PublishArrivals.Add((DateTimeOffset.UtcNow, limited));
            if (!limited)
            {
                message = "";
                return false;
            }

            RateLimitPublishes--;
            message = $"Rate limited: this runner publishes more than 50 batches/s (bursts of up to 200); retry after {(long)RateLimitRetryAfter.TotalMilliseconds} ms; nothing of this batch was recorded.";
            Signal();
            return true;
        }
    }

    public string? Authenticate(string? token)
    {
        lock (_gate)
        {
            return token is not null && _tokens.TryGetValue(token, out var t) && t.ExpiresAt > Now ? t.RunnerId : null;
        }
    }

    /// <summary>Forgets every token (a hub restart with new signing keys): the next handshake gets 401.</summary>
    public void RevokeTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>Forgets a runner (a hub that lost its store): its next rejoin gets 404.</summary>
    public void ForgetRunner(string runnerId)
    {
        lock (_gate)
        {
            Runners.Remove(runnerId);
        }
    }

    public PublishAck Publish(string runnerId, SampleBatch batch)
    {
        lock (_gate)
        {
            var runner = Runners[runnerId];
            int accepted = 0, duplicates = 0;
            foreach (var sample in batch.Samples)
            {
                // As the real hub: a seq refused for its values is settled without a record.
                while (_refused.Contains(runner.UpTo + 1))
                {
                    runner.UpTo++;
                }

                if (sample.Seq <= runner.UpTo)
                {
                    duplicates++;
                }
                else if (sample.Seq == runner.UpTo + 1)
                {
                    runner.Recorded.Add(sample);
                    runner.UpTo = sample.Seq;
                    accepted++;
                }
                else
                {
                    // A gap: a batch before this one never arrived. Record nothing past it; the ack tells the relay where to resume.
                    runner.GapsSeen++;
                    break;
                }
            }

            runner.Duplicates += duplicates;
            runner.Publishes++;
            Signal();
            return new PublishAck { UpTo = runner.UpTo, HubTime = Now, Accepted = accepted, Duplicates = duplicates };
        }
    }

    public void ReportCueStatus(string runnerId, CueStatusReport report)
    {
        lock (_gate)
        {
            CueStatuses.Add((runnerId, report));
            Signal();
        }
    }

    public void Connected(HubCallerContext context)
    {
        lock (_gate)
        {
            _connections[context.ConnectionId] = new HubContextHandle(context);
            Connections++;
            Signal();
        }
    }

    public void Disconnected(HubCallerContext context)
    {
        lock (_gate)
        {
            _connections.Remove(context.ConnectionId);
            Signal();
        }
    }

    public void AbortAll()
    {
        lock (_gate)
        {
            foreach (var handle in _connections.Values)
            {
                handle.Context.Abort();
            }
        }
    }

    /// <summary>Reads the state under its lock.</summary>
    public T Read<T>(Func<HubState, T> read)
    {
        lock (_gate)
        {
            return read(this);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked on every change), or throws after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<HubState, bool> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(this))
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            }
        }
    }

    private void Signal()
    {
        var old = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    private sealed record HubContextHandle(HubCallerContext Context);
}

internal sealed class RunnerRecord
{
    public required string RunnerId { get; init; }

    public required string Name { get; init; }

    public required string Secret { get; init; }

    public long UpTo { get; set; }

    /// <summary>Every sample recorded, in the order it was recorded.</summary>
    public List<MetricSample> Recorded { get; } = [];

    public int Duplicates { get; set; }

    public int Publishes { get; set; }

    public int GapsSeen { get; set; }
}
