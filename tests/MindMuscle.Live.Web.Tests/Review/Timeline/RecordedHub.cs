using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Web.Tests.Review.Timeline;

/// <summary>
/// A recorded session answered as the hub's read API answers it: Ana (r1) and Ben (r2), a sample each a second for ten
/// minutes from <see cref="T0"/>, one alert, one cue, one marker. <c>/state</c> is computed from the samples.
/// </summary>
internal sealed class RecordedHub : HttpMessageHandler
{
    public const long T0 = 1_800_000_000_000;
    public const long End = T0 + 600_000;
    public const long AlertAt = T0 + 100_000;
    public const long AlertClearedAt = T0 + 160_000;
    public const long CueAt = T0 + 120_000;
    public const long MarkerAt = T0 + 300_000;

    /// <summary>Answers <c>GET /api/sessions/s1</c> (and everything else) with this 401 detail when set: a refused share link.</summary>
    public string? RefuseWith { get; set; }

    /// <summary>Refuses every change as <c>hub --read-only</c> does (403, reason readOnly).</summary>
    public bool ReadOnly { get; set; }

    public List<string> Requests { get; } = [];

    public int StateRequests => Requests.Count(r => r.Contains("/state?", StringComparison.Ordinal));

    /// <summary>Ana's HR at a second into the session (Ben's is 20 higher).</summary>
    public static int HeartRate(long second) => 120 + (int)(second % 50);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        Requests.Add(uri.PathAndQuery);
        if (RefuseWith is not null)
        {
            return Task.FromResult(Json(HttpStatusCode.Unauthorized, new { status = 401, detail = RefuseWith }));
        }

        if (ReadOnly && request.Method != HttpMethod.Get)
        {
            return Task.FromResult(Json(HttpStatusCode.Forbidden, new
            {
                status = 403,
                detail = $"This hub serves a recording read-only (--read-only / MML_READ_ONLY): {request.Method} {uri.AbsolutePath} would change it and is refused.",
                reason = "readOnly",
            }));
        }

        var pairs = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => (Key: p[0], Value: Uri.UnescapeDataString(p[1]))).ToList();
        var query = pairs.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        var runnerIds = pairs.Where(p => p.Key == "runnerId").Select(p => p.Value).ToList();
        object body = uri.AbsolutePath switch
        {
            "/api/sessions/s1" => new SessionSnapshot
            {
                Session = new SessionSummary { SessionId = "s1", Name = "Tuesday 6x800", CreatedAt = T0 - 5_000, EndedAt = End + 5_000, HrMaxBpm = 190 },
                Runners =
                [
                    new RunnerSnapshot { RunnerId = "r1", Name = "Ana", State = RunnerState.Left },
                    new RunnerSnapshot { RunnerId = "r2", Name = "Ben", State = RunnerState.Left },
                ],
                HubTime = End + 60_000,
            },
            "/api/sessions/s1/alerts" => new[]
            {
                new FormAlert
                {
                    AlertId = "a1", RunnerId = "r1", Kind = AlertKind.CadenceDrop, StartedAt = AlertAt, ClearedAt = AlertClearedAt,
                    Severity = AlertSeverity.Warning, Message = "Cadence down 6%",
                },
            },
            "/api/sessions/s1/cues" => new[]
            {
                new CueUpdate { CueId = "c1", RunnerId = "r1", Text = "Quick feet", Status = CueStatus.Spoken, IssuedAt = CueAt, At = CueAt + 900 },
            },
            "/api/sessions/s1/markers" => new[] { new SessionMarker { MarkerId = 1, SessionId = "s1", Kind = MarkerKind.Note, At = MarkerAt, Text = "Rep 3" } },
            "/api/sessions/s1/state" => State(long.Parse(query["at"], CultureInfo.InvariantCulture), query.GetValueOrDefault("runnerId")),
            "/api/sessions/s1/shares" => Array.Empty<ShareInfo>(),
            // The group's chart on the page: a series per runner asked (its drawing is the chart tests' concern).
            "/api/sessions/s1/series" when runnerIds.Count == 1 => new RunnerSeries { RunnerId = runnerIds[0], Metric = query["metric"] },
            "/api/sessions/s1/series" => runnerIds.Select(r => new RunnerSeries { RunnerId = r, Metric = query["metric"] }).ToArray(),
            _ => throw new InvalidOperationException("Not answered here: " + uri.PathAndQuery),
        };
        return Task.FromResult(Json(HttpStatusCode.OK, body));
    }

    private static SessionStateAt State(long at, string? runnerId) => new()
    {
        At = at,
        From = T0,
        To = End,
        Runners = [.. new[] { ("r1", "Ana", 0), ("r2", "Ben", 20) }
            .Where(r => runnerId is null || r.Item1 == runnerId)
            .Select(r => new RunnerStateAt { RunnerId = r.Item1, Name = r.Item2, Sample = SampleAt(at, r.Item3) })],
    };

    private static MetricSample? SampleAt(long at, int hrOffset)
    {
        if (at < T0)
        {
            return null;
        }

        var second = (Math.Min(at, End) - T0) / 1000;
        return new MetricSample { Seq = second + 1, ObservedAt = T0 + (second * 1000), HeartRateBpm = HeartRate(second) + hrOffset, CadenceSpm = 178 };
    }

    private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json") };
}
