using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Bench.Load.Scenarios;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Bench.Load.Clients;

/// <summary>A runner as the hub knows it: its id, its session and (product hub) its token.</summary>
internal sealed record RunnerIdentity(int Index, string RunnerId, string? Token, string SessionId = "bench");

/// <summary>One session as its coaches know it: its id, (product hub) the coach token and the runners' join code.</summary>
internal sealed record BenchSession(string SessionId, string? CoachToken, string JoinCode, Uri? CoachUrl);

/// <summary>GC collections of the hub process (bare hub: /bench/gc; product hub: Prometheus /metrics if it has one).</summary>
internal sealed record GcSnapshot(long Gen0, long Gen1, long Gen2)
{
    public GcSnapshot Minus(GcSnapshot before) => new(Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2);

    public override string ToString() => $"{Gen0}/{Gen1}/{Gen2}";
}

/// <summary>
/// Speaks to either hub: sets up the session and the runners' identities, builds the SignalR connections.
/// The bare hub has no auth, so identity travels in the query string; the product hub gets the real REST flow
/// (create session with the coach key, join each runner with the join code, JWTs as access_token).
/// </summary>
internal sealed class HubEndpoint(HubKind kind, Uri baseUri, string coachKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(100) };
    private string _joinCode = "";
    private int _joinRetries;

    public HubKind Kind => kind;

    public string SessionId { get; private set; } = "bench";

    public string? CoachToken { get; private set; }

    /// <summary>The coach's live view with the token in the fragment, as the hub answered it.</summary>
    public Uri? CoachUrl { get; private set; }

    /// <summary>How often a join answered 429 and was retried (the hub's join rate limiter).</summary>
    public int JoinRetries => _joinRetries;

    public HttpClient Http => _http;

    /// <summary>Creates the session the single-session callers (web, replay) use through <see cref="SessionId"/>.</summary>
    public async Task CreateSessionAsync(string name, CancellationToken cancellationToken)
    {
        var session = await OpenSessionAsync(name, cancellationToken);
        SessionId = session.SessionId;
        CoachToken = session.CoachToken;
        CoachUrl = session.CoachUrl;
        _joinCode = session.JoinCode;
    }

    /// <summary>A new session: product hub through <c>POST /api/sessions</c>; bare hub a fresh group name.</summary>
    public async Task<BenchSession> OpenSessionAsync(string name, CancellationToken cancellationToken)
    {
        if (kind == HubKind.Bare)
        {
            return new BenchSession("bench-" + Guid.NewGuid().ToString("N")[..8], null, "", null);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
        {
            Content = JsonContent.Create(new CreateSessionRequest { Name = name }),
        };
        request.Headers.Add("X-Coach-Key", coachKey);
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "POST /api/sessions", cancellationToken);
        var created = await response.Content.ReadFromJsonAsync<CreateSessionResponse>(cancellationToken)
            ?? throw new InvalidOperationException("POST /api/sessions returned no body");
        return new BenchSession(
            created.SessionId, created.CoachToken, created.JoinCode,
            string.IsNullOrEmpty(created.CoachUrl) ? null : new Uri(baseUri, created.CoachUrl));
    }

    public Task<RunnerIdentity> JoinAsync(int index, CancellationToken cancellationToken) =>
        JoinAsync(new BenchSession(SessionId, CoachToken, _joinCode, CoachUrl), index, cancellationToken);

    /// <summary>Runner <paramref name="index"/> (unique over the run) joins <paramref name="session"/>.</summary>
    public async Task<RunnerIdentity> JoinAsync(BenchSession session, int index, CancellationToken cancellationToken)
    {
        if (kind == HubKind.Bare)
        {
            return new RunnerIdentity(index, "r" + index.ToString(CultureInfo.InvariantCulture), null, session.SessionId);
        }

        for (var attempt = 0; ; attempt++)
        {
            using var response = await _http.PostAsJsonAsync(
                "/api/join",
                new JoinRequest { JoinCode = session.JoinCode, RunnerName = "Runner " + index.ToString(CultureInfo.InvariantCulture) },
                cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 200)
            {
                Interlocked.Increment(ref _joinRetries);
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(250);
                await Task.Delay(wait, cancellationToken);
                continue;
            }

            await EnsureSuccessAsync(response, "POST /api/join", cancellationToken);
            var joined = await response.Content.ReadFromJsonAsync<JoinResponse>(cancellationToken)
                ?? throw new InvalidOperationException("POST /api/join returned no body");
            return new RunnerIdentity(index, joined.RunnerId, joined.RunnerToken, session.SessionId);
        }
    }

    public HubConnection RunnerConnection(RunnerIdentity runner, WireProtocol protocol) =>
        Build(
            kind == HubKind.Bare
                ? $"{LiveHubContract.Path}?session={Uri.EscapeDataString(runner.SessionId)}&runner={Uri.EscapeDataString(runner.RunnerId)}"
                : LiveHubContract.Path,
            runner.Token,
            protocol);

    public HubConnection CoachConnection(WireProtocol protocol) => Build(LiveHubContract.Path, CoachToken, protocol);

    public HubConnection CoachConnection(BenchSession session, WireProtocol protocol) => Build(LiveHubContract.Path, session.CoachToken, protocol);

    /// <summary>GC collections so far, or null when the hub does not expose them.</summary>
    public async Task<GcSnapshot?> GcAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (kind == HubKind.Bare)
            {
                using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri("/bench/gc", UriKind.Relative), cancellationToken));
                var root = doc.RootElement;
                return new GcSnapshot(root.GetProperty("gen0").GetInt64(), root.GetProperty("gen1").GetInt64(), root.GetProperty("gen2").GetInt64());
            }

            using var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
            return response.IsSuccessStatusCode
                ? PrometheusGc.Parse(await response.Content.ReadAsStringAsync(cancellationToken))
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The recording as CSV (product hub), streamed: the caller reads the body as it arrives.</summary>
    public Task<HttpResponseMessage> ExportCsvAsync(CancellationToken cancellationToken) =>
        ExportCsvAsync(SessionId, CoachToken, cancellationToken);

    /// <summary>The recording of one session as CSV (product hub), streamed.</summary>
    public async Task<HttpResponseMessage> ExportCsvAsync(string sessionId, string? coachToken, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{Uri.EscapeDataString(sessionId)}/export.csv");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", coachToken);
        request.Headers.Add("X-Coach-Key", coachKey);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        request.Dispose();
        await EnsureSuccessAsync(response, "GET export.csv", cancellationToken);
        return response;
    }

    public void Dispose() => _http.Dispose();

    private HubConnection Build(string path, string? token, WireProtocol protocol)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, path), HttpTransportType.WebSockets, options =>
            {
                // WebSockets only, no negotiate round trip: thousands of connections set up quickly.
                options.SkipNegotiation = true;
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            });
        if (protocol == WireProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var connection = builder.Build();
        // A saturated hub may answer slowly; a run that stalls is reported, not cut short by the default 30 s.
        connection.ServerTimeout = TimeSpan.FromSeconds(120);
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        return connection;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{what} answered {(int)response.StatusCode}: {body}");
        }
    }
}

/// <summary>Reads dotnet.gc.collections from a Prometheus text exposition (OpenTelemetry's System.Runtime meter).</summary>
internal static class PrometheusGc
{
    public static GcSnapshot? Parse(string text)
    {
        long gen0 = -1, gen1 = -1, gen2 = -1;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("dotnet_gc_collections", StringComparison.Ordinal))
            {
                continue;
            }

            var value = long.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
            if (line.Contains("gen0", StringComparison.Ordinal))
            {
                gen0 = value;
            }
            else if (line.Contains("gen1", StringComparison.Ordinal))
            {
                gen1 = value;
            }
            else if (line.Contains("gen2", StringComparison.Ordinal))
            {
                gen2 = value;
            }
        }

        return gen0 < 0 ? null : new GcSnapshot(gen0, Math.Max(gen1, 0), Math.Max(gen2, 0));
    }
}
