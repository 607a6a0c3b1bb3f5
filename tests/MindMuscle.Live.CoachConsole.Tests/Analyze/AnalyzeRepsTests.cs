using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MindMuscle.Live.CoachConsole.Analyze;

namespace MindMuscle.Live.CoachConsole.Tests.Analyze;

public sealed class AnalyzeRepsTests : IDisposable
{
    private const double RepSpeed = 6;

    private readonly string _dir = Directory.CreateTempSubdirectory("mml-analyze-reps-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Reps_Json_FindsThreeRepsOfFourHundredAndMarksTheFadedThird()
    {
        var csv = SessionCsvWriter.Write(_dir, [.. IntervalRunner("r1", thirdRepSlowerPct: 0), .. IntervalRunner("r2", thirdRepSlowerPct: 6)]);

        var (code, stdout, stderr) = await InvokeAsync("analyze", csv, "--reps", "--json");

        Assert.Equal(0, code);
        var lines = Lines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var reps = lines.Where(l => l.ContainsKey("rep")).ToList();
        Assert.All(reps, r => Assert.Equal("runnerId", r.First().Key));
        foreach (var runner in new[] { "r1", "r2" })
        {
            var own = reps.Where(r => r["runnerId"]!.GetValue<string>() == runner).ToList();
            Assert.Equal([1, 2, 3], own.Select(r => r["rep"]!.GetValue<int>()));
            Assert.All(own, r => Assert.InRange(r["distanceM"]!.GetValue<double>(), 380, 420));
            Assert.All(own, r => Assert.InRange(r["hrDrop60Bpm"]!.GetValue<int>(), 20, 80));
            Assert.Equal(3, lines.Count(l => l.ContainsKey("lap") && l["runnerId"]!.GetValue<string>() == runner));
        }

        Assert.Equal([false, false, false, false, false, true], reps.Select(r => r["faded"]!.GetValue<bool>()));
        Assert.Contains("2 runner(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reps_Table_PrintsMatrixWithFadeAndLapTable()
    {
        var csv = SessionCsvWriter.Write(_dir, [.. IntervalRunner("r1", thirdRepSlowerPct: 0), .. IntervalRunner("r2", thirdRepSlowerPct: 6)]);

        var (code, stdout, _) = await InvokeAsync("analyze", csv, "--reps");

        Assert.Equal(0, code);
        Assert.Contains("rep 3", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("rep 4", stdout, StringComparison.Ordinal);
        Assert.Single(Lines(stdout), l => l.Contains("FADE", StringComparison.Ordinal));
        Assert.Contains("Laps", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"kind\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reps_WithLooserFadeSetting_MarksNothing()
    {
        var csv = SessionCsvWriter.Write(_dir, IntervalRunner("r2", thirdRepSlowerPct: 6));
        var settings = Path.Combine(_dir, "settings.json");
        await File.WriteAllTextAsync(settings, """{ "repFadePacePct": 8 }""", TestContext.Current.CancellationToken);

        var (code, stdout, _) = await InvokeAsync("analyze", csv, "--reps", "--json", "--settings", settings);

        Assert.Equal(0, code);
        var reps = Lines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).Where(l => l.ContainsKey("rep")).ToList();
        Assert.Equal(3, reps.Count);
        Assert.All(reps, r => Assert.False(r["faded"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Json_WithoutReps_IsRejected()
    {
        var csv = SessionCsvWriter.Write(_dir, IntervalRunner("r1", thirdRepSlowerPct: 0));

        var (code, stdout, stderr) = await InvokeAsync("analyze", csv, "--json");

        Assert.NotEqual(0, code);
        Assert.DoesNotContain("\"kind\"", stdout, StringComparison.Ordinal);
        Assert.Contains("--json goes with --reps", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// 1 Hz: 60 s standing, then 3 × 400 m (the third <paramref name="thirdRepSlowerPct"/> slower) with 90 s standing
    /// recoveries. Speed takes 2 s to change; heart rate climbs towards 180 in a rep (τ 25 s) and falls towards 95 after (τ 60 s).
    /// </summary>
    private static IEnumerable<string> IntervalRunner(string runnerId, double thirdRepSlowerPct)
    {
        var segments = new List<(double Speed, double Seconds)> { (0, 60) };
        for (var rep = 1; rep <= 3; rep++)
        {
            var speed = rep == 3 ? RepSpeed / (1 + (thirdRepSlowerPct / 100)) : RepSpeed;
            segments.Add((speed, 400 / speed));
            segments.Add((0, 90));
        }

        double t = 0, distance = 0, speedNow = 0, heartRate = 95;
        var seq = 0;
        foreach (var (target, seconds) in segments)
        {
            for (var end = t + seconds; t < end; t++)
            {
                speedNow += Math.Clamp(target - speedNow, -RepSpeed / 2, RepSpeed / 2);
                distance += speedNow;
                heartRate += ((target > 0 ? 180 : 95) - heartRate) / (target > 0 ? 25 : 60);
                var running = speedNow > 0;
                var at = DateTimeOffset.FromUnixTimeMilliseconds(SessionCsvWriter.Start + (long)(t * 1000)).UtcDateTime;
                yield return string.Join(',',
                    "s1", runnerId, runnerId, (++seq).ToString(CultureInfo.InvariantCulture),
                    at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), N(Math.Round(heartRate)), "",
                    running ? "186" : "", N(speedNow), running ? N(speedNow * 60 / 186) : "", N(distance), "",
                    running ? "210" : "", "", "", "true", "80", "false");
            }
        }
    }

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<(int Code, string Stdout, string Stderr)> InvokeAsync(params string[] args)
    {
        var root = new RootCommand { AnalyzeCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
