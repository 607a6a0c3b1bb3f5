using System.Globalization;
using System.Text.RegularExpressions;
using MindMuscle.Live.Deployment.Tests.Scripts;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.LiveScript;

/// <summary>
/// scripts/live.sh, the README's first command, run for real: the Release hub, relay and coach console as child processes
/// on loopback, SQLite in a temp folder. Needs the Release build (scripts/test.sh builds it); uses it with --no-build.
/// </summary>
public sealed partial class LiveScriptTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] DemoNames = ["Ana", "Ben", "Chloe", "Dev", "Eli", "Femi"];
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mml-live-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_BadDuration_ExitsTwoSayingWhatToUse()
    {
        var (exitCode, output) = await ChildProcess.RunAsync(
            "bash", [LiveScriptRun.Script, "--duration", "soon", "--no-build", "--root", _root.FullName], StepTimeout, Ct);

        Assert.Equal(2, exitCode);
        Assert.Contains("--duration 'soon': use a whole number of seconds", output, StringComparison.Ordinal);
        Assert.Empty(_root.GetDirectories());
    }

    /// <summary>A fresh machine without jq and without root or sudo: the script stops before starting anything and says why.</summary>
    [Fact]
    public async Task Run_JqMissingAndNoWayToInstallIt_ExitsOneNamingTheInstallCommand()
    {
        var path = ProgramsOnPath.Without(_root.FullName, ["jq", "apt-get", "sudo"]);

        var (exitCode, output) = await ChildProcess.RunAsync(
            "env", [$"PATH={path}", "bash", LiveScriptRun.Script, "--headless", "--duration", "5", "--no-build", "--root", _root.FullName], StepTimeout, Ct);

        Assert.True(exitCode == 1, output);
        Assert.Contains("install-deps: missing: jq", output, StringComparison.Ordinal);
        Assert.Contains("live: curl and jq are needed to talk to the hub: sudo apt-get install -y curl jq", output, StringComparison.Ordinal);
        Assert.DoesNotContain("starting the hub", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HeadlessTwiceAtOnce_RecordsSixRunnersEachWithContiguousSeqsAndLeavesNothingRunning()
    {
        LiveScriptRun.SkipUnlessBuilt();

        // Two runs at the same moment: they must not share a port or a data folder.
        var runs = await Task.WhenAll(RunHeadlessAsync(25), RunHeadlessAsync(25));

        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 0, run.Output);
            run.AssertNothingLeftRunning();
            AssertReviewCommandsPrinted(run);
        }

        Assert.NotEqual(runs[0].Data, runs[1].Data);
        Assert.NotEqual(runs[0].Env["MML_LIVE_HUB_URL"], runs[1].Env["MML_LIVE_HUB_URL"]);
        Assert.NotEqual(runs[0].Env["MML_LIVE_SESSION_ID"], runs[1].Env["MML_LIVE_SESSION_ID"]);

        // The printed review command serves the recording read-only, unchanged.
        await AssertReviewServesAsync(runs[0]);

        // The recording, read back the way the summary says: the hub restarted on the data folder + the printed export.
        foreach (var run in runs)
        {
            var rows = await ExportCsvAsync(run);
            var byRunner = rows.GroupBy(r => r.RunnerId).ToArray();
            Assert.Equal(6, byRunner.Length);
            Assert.Equal(DemoNames, byRunner.Select(g => g.First().RunnerName).Order(StringComparer.Ordinal));
            foreach (var runner in byRunner)
            {
                long[] seqs = [.. runner.Select(r => r.Seq).Order()];
                Assert.True(seqs.Length >= 20, $"{runner.First().RunnerName}: only {seqs.Length} samples recorded");
                Assert.Equal(Enumerable.Range(1, seqs.Length).Select(i => (long)i), seqs);
            }

            Assert.Matches(@"recorded: 6 runners, [1-9][0-9]* samples", run.Output);
        }
    }

    /// <summary>The demo's promise: fatigue-quick and asymmetry-quick raise alerts within the first two minutes.</summary>
    [Fact]
    public async Task Run_HeadlessTwoAndAHalfMinutes_FatigueAndAsymmetryAlertsReachTheCoach()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("MML_LONG_TESTS") == "1", "2.5-minute run; set MML_LONG_TESTS=1");
        LiveScriptRun.SkipUnlessBuilt();

        var run = await RunHeadlessAsync(150, TimeSpan.FromSeconds(240));

        Assert.True(run.ExitCode == 0, run.Output);
        run.AssertNothingLeftRunning();
        var feed = await File.ReadAllLinesAsync(Path.Combine(run.Data, "console.jsonl"), Ct);
        var names = feed.Where(l => l.StartsWith("{\"runnerStatus\":", StringComparison.Ordinal))
            .Select(l => RunnerStatusLine().Match(l)).Where(m => m.Success)
            .GroupBy(m => m.Groups["id"].Value).ToDictionary(g => g.Key, g => g.First().Groups["name"].Value, StringComparer.Ordinal);
        var alerts = feed.Where(l => l.StartsWith("{\"alert\":", StringComparison.Ordinal))
            .Select(l => AlertLine().Match(l)).Where(m => m.Success)
            .Select(m => (Kind: m.Groups["kind"].Value, Runner: names.GetValueOrDefault(m.Groups["runner"].Value, "?"))).ToArray();
        Assert.Contains(alerts, a => a.Runner == "Ana" && a.Kind is "cadenceDrop" or "overstride");
        Assert.Contains(alerts, a => a.Runner == "Ben" && a.Kind == "imbalance");
        Assert.Matches(@"recorded: 6 runners, [1-9][0-9]* samples, [1-9][0-9]* alerts", run.Output);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private async Task<LiveScriptRun> RunHeadlessAsync(int seconds, TimeSpan? timeout = null)
    {
        var (exitCode, output) = await ChildProcess.RunAsync(
            "bash",
            [LiveScriptRun.Script, "--headless", "--duration", seconds.ToString(CultureInfo.InvariantCulture), "--no-build", "--root", _root.FullName],
            timeout ?? RunTimeout,
            Ct);
        return LiveScriptRun.From(exitCode, output);
    }

    private static void AssertReviewCommandsPrinted(LiveScriptRun run)
    {
        var session = run.Env["MML_LIVE_SESSION_ID"];
        Assert.Contains($"MindMuscle.Live.Hub.dll --data {run.Data}/hub --urls http://127.0.0.1:5080", run.Output, StringComparison.Ordinal);
        foreach (var command in new[] { $"replay {session} ", $"export {session} --format csv ", $"export {session} --format tcx ", $"report {session} " })
        {
            Assert.Contains(run.Output.Split('\n'), l => l.Contains("MindMuscle.Live.CoachConsole.dll " + command, StringComparison.Ordinal)
                && l.Contains("--hub http://127.0.0.1:5080 --coach-key", StringComparison.Ordinal));
        }

        Assert.Contains($"{run.Data}/hub/recording.db", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run.Data, "hub", "recording.db")));
        Assert.Contains($"live: review URL: http://127.0.0.1:5080/sessions/{session}/review", run.Output, StringComparison.Ordinal);
        Assert.Contains($"bash scripts/live.sh --review {run.Data}", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>live.sh --review DATA</c> (as printed, on a free port): the session is listed, its series answers, a join is
    /// refused as read-only; Ctrl+C's SIGTERM stops it cleanly and the database file is byte for byte unchanged.
    /// </summary>
    private static async Task AssertReviewServesAsync(LiveScriptRun run)
    {
        var database = Path.Combine(run.Data, "hub", "recording.db");
        var before = System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(database, Ct));
        var session = run.Env["MML_LIVE_SESSION_ID"];
        var key = (await File.ReadAllTextAsync(Path.Combine(run.Data, "hub", "coach.key"), Ct)).Trim();
        using var review = ChildProcess.Start("bash", [LiveScriptRun.Script, "--review", run.Data, "--port", "0", "--no-build"], RepoPaths.Root);
        var ready = await review.WaitForLineAsync(l => l.Contains("live: review hub (read-only) at http://127.0.0.1:", StringComparison.Ordinal), StepTimeout, Ct);
        var url = ready[ready.IndexOf("http://", StringComparison.Ordinal)..].Trim();
        await review.WaitForLineAsync(l => l.Contains($"{url}/sessions/{session}/review", StringComparison.Ordinal), StepTimeout, Ct);

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = StepTimeout };
        http.DefaultRequestHeaders.Add("X-Coach-Key", key);
        Assert.Contains(session, await http.GetStringAsync(new Uri("/api/sessions", UriKind.Relative), Ct), StringComparison.Ordinal);
        var snapshot = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/sessions/{session}", UriKind.Relative), Ct));
        var runner = snapshot.RootElement.GetProperty("runners")[0].GetProperty("runnerId").GetString();
        using var series = await http.GetAsync(new Uri($"/api/sessions/{session}/series?runnerId={runner}&metric=cadenceSpm", UriKind.Relative), Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, series.StatusCode);
        Assert.Contains("\"points\":[{", await series.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var join = await http.PostAsync(
            new Uri("/api/join", UriKind.Relative), new StringContent("{\"joinCode\":\"ABCD2345\",\"runnerName\":\"Zoe\"}", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, join.StatusCode);
        Assert.Contains("read-only", await join.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var (killed, killOutput) = await ChildProcess.RunAsync("kill", ["-s", "TERM", review.Id.ToString(CultureInfo.InvariantCulture)], StepTimeout, Ct);
        Assert.True(killed == 0, killOutput);
        await review.WaitForExitAsync(StepTimeout, Ct);
        Assert.True(review.ExitCode == 0, review.RecentOutput);
        Assert.Contains("review hub stopped; the recording is unchanged", review.RecentOutput, StringComparison.Ordinal);
        Assert.Empty(LiveScriptRun.ProcessesUnder(run.Data));
        Assert.Equal(before, System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(database, Ct)));
    }

    /// <summary>Starts the hub on the run's data folder (as the summary says) and runs the printed CSV export command.</summary>
    private static async Task<IReadOnlyList<CsvRow>> ExportCsvAsync(LiveScriptRun run)
    {
        using var hub = ChildProcess.Start("dotnet", [LiveScriptRun.HubDll, "--data", Path.Combine(run.Data, "hub"), "--urls", "http://127.0.0.1:0"]);
        var listening = await hub.WaitForLineAsync(l => l.Contains("Now listening on: http://127.0.0.1:", StringComparison.Ordinal), StepTimeout, Ct);
        var url = listening[listening.IndexOf("http://", StringComparison.Ordinal)..].Trim();

        var session = run.Env["MML_LIVE_SESSION_ID"];
        var printed = run.Output.Split('\n').Select(l => l.Trim())
            .Single(l => l.Contains($"export {session} --format csv ", StringComparison.Ordinal));
        var (exitCode, output) = await ChildProcess.RunAsync(
            "bash", ["-c", $"cd {RepoPaths.Root} && {printed.Replace("http://127.0.0.1:5080", url, StringComparison.Ordinal)}"], StepTimeout, Ct);
        Assert.True(exitCode == 0, output);

        var csv = Directory.GetFiles(Path.Combine(run.Data, "export"), "*.csv");
        var lines = await File.ReadAllLinesAsync(Assert.Single(csv), Ct);
        var header = lines[0].Split(',');
        int runnerId = Array.IndexOf(header, "runnerId"), runnerName = Array.IndexOf(header, "runnerName"), seq = Array.IndexOf(header, "seq");
        Assert.True(runnerId >= 0 && runnerName >= 0 && seq >= 0, lines[0]);

        // The demo names have no commas or quotes, so the first cells split plainly.
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(c => new CsvRow(c[runnerId], c[runnerName], long.Parse(c[seq], CultureInfo.InvariantCulture)))];
    }

    [GeneratedRegex("\"runnerId\":\"(?<id>[^\"]+)\",\"name\":\"(?<name>[^\"]+)\"")]
    private static partial Regex RunnerStatusLine();

    [GeneratedRegex("\"kind\":\"(?<kind>[^\"]+)\",\"runnerId\":\"(?<runner>[^\"]+)\"")]
    private static partial Regex AlertLine();

    private sealed record CsvRow(string RunnerId, string RunnerName, long Seq);
}
