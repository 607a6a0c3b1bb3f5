using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.Review;

/// <summary>
/// Series latency on a big recording: the product hub (a child process, SQLite in a temp folder) records an hour of 60
/// runners at 4 Hz through <c>POST /api/ingest</c>, then <c>GET /api/sessions/{id}/series</c> is timed for one runner
/// and for all 60 in one call, whole hour and zoomed to five minutes; then the group's state at instants across the hour.
/// With <c>--page</c>, the review page of that recording is timed in headless Chromium instead (<see cref="ReviewPageBench"/>).
/// With <c>--data DIR</c> the hub records into DIR and keeps it; a later run with the same DIR reuses its recording
/// (recording the hour takes a minute or more) and mints a coach token for it.
/// Run: <c>dotnet run -c Release --project bench/MindMuscle.Live.Bench.Review -- [runners] [minutes] [reps] [--page] [--data DIR]</c>.
/// </summary>
internal static class SeriesBench
{
    private const string CoachKey = "bench-review-coach-key-0123456789";
    private const double Hz = 4;
    private const int Batch = 500;

    public static async Task<int> Main(string[] args)
    {
        var page = args.Contains("--page", StringComparer.Ordinal);
        var dataAt = Array.IndexOf(args, "--data");
        var keptData = dataAt >= 0 && dataAt + 1 < args.Length ? args[dataAt + 1] : null;
        args = [.. args.Where((a, i) => a != "--page" && (dataAt < 0 || (i != dataAt && i != dataAt + 1)))];
        var runners = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
        var minutes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 60;
        var reps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var perRunner = (long)Math.Round(minutes * 60 * Hz);
        var data = keptData is null ? Directory.CreateTempSubdirectory("mml-bench-review-") : Directory.CreateDirectory(keptData);
        var port = FreePort();
        using var hub = StartHub(data.FullName, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        try
        {
            await WaitForHubAsync(http);
            var (session, runnerIds, start) = await ReuseAsync(http) ?? await RecordAsync(http, runners, perRunner, minutes);

            if (page)
            {
                var review = new Uri(http.BaseAddress, $"/sessions/{Uri.EscapeDataString(session.SessionId)}/review#token={Uri.EscapeDataString(session.CoachToken)}");
                await ReviewPageBench.RunAsync(review, visits: 5, scrubs: Math.Max(20, reps), CancellationToken.None);
                return 0;
            }

            var one = $"/api/sessions/{session.SessionId}/series?metric=cadenceSpm&runnerId={runnerIds[0]}";
            var all = $"/api/sessions/{session.SessionId}/series?metric=cadenceSpm&" + string.Join('&', runnerIds.Select(id => "runnerId=" + id));
            var zoomFrom = start + (long)(minutes * 60_000 / 2);
            var zoom = $"&from={zoomFrom}&to={zoomFrom + 300_000}";
            Console.WriteLine();
            Console.WriteLine("| call | points | first ms | median ms | p95 ms | max ms |");
            Console.WriteLine("|---|---|---|---|---|---|");
            await TimeAsync(http, session.CoachToken, "1 runner, whole session", one, 500, reps);
            await TimeAsync(http, session.CoachToken, "1 runner, whole session", one, 2000, reps);
            await TimeAsync(http, session.CoachToken, "1 runner, 5-minute zoom", one + zoom, 500, reps);
            await TimeAsync(http, session.CoachToken, $"{runners} runners, whole session", all, 500, Math.Max(3, reps / 4));
            await TimeAsync(http, session.CoachToken, $"{runners} runners, 5-minute zoom", all + zoom, 500, Math.Max(3, reps / 4));
            await StateBench.TimeAsync(http, session.CoachToken, session.SessionId, runners, start, start + (long)(minutes * 60_000), reps * 5);
            return 0;
        }
        finally
        {
            hub.Kill(entireProcessTree: true);
            await hub.WaitForExitAsync();
            if (keptData is null)
            {
                data.Delete(recursive: true);
            }
        }
    }

    private static async Task<(CreateSessionResponse Session, string[] RunnerIds, long Start)> RecordAsync(HttpClient http, int runners, long perRunner, double minutes)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new CreateSessionRequest { Name = "bench review" }) };
        create.Headers.Add("X-Coach-Key", CoachKey);
        using var created = await http.SendAsync(create);
        created.EnsureSuccessStatusCode();
        var session = (await created.Content.ReadFromJsonAsync<CreateSessionResponse>())!;
        var joined = new JoinResponse[runners];
        for (var i = 0; i < runners; i++)
        {
            using var join = await http.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = session.JoinCode, RunnerName = $"Runner {i:D2}" });
            join.EnsureSuccessStatusCode();
            joined[i] = (await join.Content.ReadFromJsonAsync<JoinResponse>())!;
        }

        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)(minutes * 60_000);
        var write = Stopwatch.StartNew();
        await Parallel.ForEachAsync(joined, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (runner, ct) =>
        {
            var index = Array.IndexOf(joined, runner);
            for (long seq = 1; seq <= perRunner; seq += Batch)
            {
                var last = Math.Min(perRunner, seq + Batch - 1);
                var samples = new MetricSample[last - seq + 1];
                for (var s = seq; s <= last; s++)
                {
                    samples[s - seq] = new MetricSample
                    {
                        Seq = s,
                        ObservedAt = start + (long)(s * 1000 / Hz),
                        HeartRateBpm = 140 + (int)((s + index) % 31),
                        CadenceSpm = 170 + ((s * 7 + index) % 23),
                        SpeedMps = 4.2,
                        DistanceM = s * 1.05,
                        GroundContactMs = 235,
                    };
                }

                using var post = new HttpRequestMessage(HttpMethod.Post, "/api/ingest") { Content = JsonContent.Create(new SampleBatch { Samples = samples }) };
                post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", runner.RunnerToken);
                using var ack = await http.SendAsync(post, ct);
                ack.EnsureSuccessStatusCode();
            }
        });
        write.Stop();
        Console.WriteLine($"recorded {runners} runners x {perRunner} samples = {runners * perRunner:N0} in {write.Elapsed.TotalSeconds:F1} s");
        return (session, [.. joined.Select(j => j.RunnerId)], start);
    }

    /// <summary>A recording an earlier run left in the kept data folder: its session, runners and first instant.</summary>
    private static async Task<(CreateSessionResponse Session, string[] RunnerIds, long Start)?> ReuseAsync(HttpClient http)
    {
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        list.Headers.Add("X-Coach-Key", CoachKey);
        using var listed = await http.SendAsync(list);
        listed.EnsureSuccessStatusCode();
        var sessions = (await listed.Content.ReadFromJsonAsync<SessionSummary[]>())!;
        if (sessions.FirstOrDefault(s => s.Name == "bench review") is not { } found)
        {
            return null;
        }

        using var mint = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{found.SessionId}/coach-token");
        mint.Headers.Add("X-Coach-Key", CoachKey);
        using var minted = await http.SendAsync(mint);
        minted.EnsureSuccessStatusCode();
        var session = (await minted.Content.ReadFromJsonAsync<CreateSessionResponse>())!;
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{found.SessionId}");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.CoachToken);
        using var got = await http.SendAsync(get);
        got.EnsureSuccessStatusCode();
        var snapshot = (await got.Content.ReadFromJsonAsync<SessionSnapshot>())!;
        using var state = new HttpRequestMessage(HttpMethod.Get, "/api/sessions/" + found.SessionId + "/state?at=0");
        state.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.CoachToken);
        using var stated = await http.SendAsync(state);
        stated.EnsureSuccessStatusCode();
        var start = (await stated.Content.ReadFromJsonAsync<SessionStateAt>())!.From ?? 0;
        Console.WriteLine($"reusing the recording of session {found.SessionId} ({snapshot.Runners.Length} runners)");
        return (session, [.. snapshot.Runners.Select(r => r.RunnerId)], start);
    }

    private static async Task TimeAsync(HttpClient http, string token, string label, string path, int points, int reps)
    {
        var times = new List<double>();
        for (var i = 0; i <= reps; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{path}&points={points}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
            if (body.Length < 100)
            {
                throw new InvalidOperationException($"{label}: a {body.Length}-byte answer, expected points");
            }
        }

        var first = times[0];
        var warm = times.Skip(1).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {points} | {first:F1} | {warm[warm.Length / 2]:F1} | {warm[(int)Math.Ceiling(warm.Length * 0.95) - 1]:F1} | {warm[^1]:F1} |"));
    }

    private static Process StartHub(string data, int port)
    {
        // MML_BENCH_HUB: another build of the hub, e.g. `dotnet publish hub -c Release -o DIR` (the web app's files
        // compressed, as a runner's first visit gets them) with DIR/MindMuscle.Live.Hub.dll.
        var dll = Environment.GetEnvironmentVariable("MML_BENCH_HUB") is { Length: > 0 } published
            ? published
            : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "hub", "bin", "Release", "net10.0", "MindMuscle.Live.Hub.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.GetFullPath(dll), "--data", data, "--coach-key", CoachKey, "--urls", $"http://127.0.0.1:{port}",
                "--Hub:JoinPermitLimit=1000", "--Logging:LogLevel:Default=Warning",
            },
            RedirectStandardOutput = false,
            UseShellExecute = false,
        };
        if (Environment.GetEnvironmentVariable("MML_BENCH_HUB") is { Length: > 0 })
        {
            // A published hub finds its web root next to the dll.
            info.WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start the hub");
    }

    private static async Task WaitForHubAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/healthz");
                return;
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
