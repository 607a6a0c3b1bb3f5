using System.CommandLine;
using System.Text.Json.Nodes;
using MindMuscle.Live.CoachConsole.Analyze;
using MindMuscle.Live.CoachConsole.Review;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Tests.Analyze;

/// <summary>analyze reads a watch's FIT or TCX as convert does and finds what it finds in the equivalent CSV.</summary>
public sealed class AnalyzeActivityTests : IDisposable
{
    private const long Start = 1_764_000_000_000;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mml-analyze-fit-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData(".fit")]
    [InlineData(".tcx")]
    public async Task Reps_OnWatchFile_SameRepsAndLapsAsOnTheCsv(string extension)
    {
        var samples = IntervalRun();
        var csv = await WriteCsvAsync(samples);
        var watch = await WriteActivityAsync(samples, extension);

        var (csvCode, csvOut, _) = await InvokeAsync("analyze", csv, "--reps", "--json");
        var (code, stdout, stderr) = await InvokeAsync("analyze", watch, "--reps", "--json");

        Assert.Equal(0, csvCode);
        Assert.Equal(0, code);
        var reps = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).Where(l => l.ContainsKey("rep")).ToList();
        Assert.Equal([1, 2, 3], reps.Select(r => r["rep"]!.GetValue<int>()));
        // TCX has no running dynamics: those columns are empty in the watch file's reps, every other value is the CSV's.
        Assert.Equal(WithoutDynamics(csvOut, extension), WithoutDynamics(stdout, extension));
        if (extension == ".fit")
        {
            Assert.Equal(csvOut, stdout);
        }

        Assert.Contains($"{samples.Count} samples of 1 runner(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_OnFit_SameAlertsAsOnTheCsv()
    {
        var samples = IntervalRun(cadenceDropAfterS: 400);
        var csv = await WriteCsvAsync(samples);
        var fit = await WriteActivityAsync(samples, ".fit");

        var (csvCode, csvOut, _) = await InvokeAsync("analyze", csv);
        var (code, stdout, stderr) = await InvokeAsync("analyze", fit);

        Assert.Equal(0, csvCode);
        Assert.Equal(0, code);
        Assert.Contains("\"kind\":\"cadenceDrop\"", stdout, StringComparison.Ordinal);
        Assert.Equal(csvOut, stdout);
        Assert.Contains("cadenceDrop 1", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_DamagedFit_ExitsOneNamingTheFileAndOffset()
    {
        var fit = await WriteActivityAsync(IntervalRun(), ".fit");
        var bytes = await File.ReadAllBytesAsync(fit, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(fit, bytes[..^5], TestContext.Current.CancellationToken);

        var (code, stdout, stderr) = await InvokeAsync("analyze", fit);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("watch.fit", stderr, StringComparison.Ordinal);
        Assert.Contains("truncated at byte", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// A simulated 1 Hz interval session (one sample a second with every sensor's values, so one FIT record per sample):
    /// 60 s standing, 3 × 400 m at 6 m/s with 90 s standing recoveries, then steady running whose cadence drops by 8 %
    /// after <paramref name="cadenceDropAfterS"/>. Values sit on FIT's resolution so the file carries them exactly.
    /// </summary>
    private static List<MetricSample> IntervalRun(int? cadenceDropAfterS = null)
    {
        var segments = new List<(double Speed, int Seconds)> { (0, 60) };
        for (var rep = 1; rep <= 3; rep++)
        {
            segments.Add((6, 67));
            segments.Add((0, 90));
        }

        segments.Add((4, 420));
        var samples = new List<MetricSample>();
        double distance = 0, speed = 0, heartRate = 95;
        var t = 0;
        foreach (var (target, seconds) in segments)
        {
            for (var end = t + seconds; t < end; t++)
            {
                speed += Math.Clamp(target - speed, -3, 3);
                distance += speed;
                heartRate += ((target > 0 ? 180 : 95) - heartRate) / (target > 0 ? 25 : 60);
                var running = speed > 0;
                var cadence = cadenceDropAfterS is { } drop && t >= 60 + (3 * 157) + drop ? 166 : 180;
                samples.Add(new MetricSample
                {
                    Seq = t + 1, ObservedAt = Start + (t * 1000L), HeartRateBpm = (int)Math.Round(heartRate), SpeedMps = speed, DistanceM = distance,
                    CadenceSpm = running ? cadence : null, StrideLengthM = running ? Math.Round(speed * 60 / cadence, 2) : null,
                    GroundContactMs = running ? 240 : null, VerticalOscillationCm = running ? 8.5 : null, GctBalanceLeftPct = running ? 50 : null,
                    PowerW = running ? 260 : null,
                });
            }
        }

        return samples;
    }

    private async Task<string> WriteCsvAsync(List<MetricSample> samples)
    {
        var path = Path.Combine(_dir.FullName, "session.csv");
        await using var stream = File.Create(path);
        await ConvertCommand.WriteCsvAsync(samples, "watch", "watch", stream, TestContext.Current.CancellationToken);
        return path;
    }

    private async Task<string> WriteActivityAsync(List<MetricSample> samples, string extension)
    {
        var builder = new FitActivityBuilder();
        foreach (var s in samples)
        {
            builder.Add(s);
        }

        var path = Path.Combine(_dir.FullName, "watch" + extension);
        await using var stream = File.Create(path);
        if (extension == ".fit")
        {
            await stream.WriteAsync(FitActivityWriter.Write(builder.Build()!), TestContext.Current.CancellationToken);
        }
        else
        {
            await TcxWriter.WriteAsync(builder.Build()!, stream, TestContext.Current.CancellationToken);
        }

        return path;
    }

    private static List<string> WithoutDynamics(string jsonLines, string extension) =>
        [.. jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var json = JsonNode.Parse(line)!.AsObject();
            if (extension == ".tcx")
            {
                foreach (var key in json.Select(p => p.Key).Where(IsDynamics).ToList())
                {
                    json.Remove(key);
                }
            }

            return json.ToJsonString();
        })];

    private static bool IsDynamics(string key) =>
        key.Contains("stride", StringComparison.OrdinalIgnoreCase) || key.Contains("groundContact", StringComparison.OrdinalIgnoreCase)
        || key.Contains("verticalOscillation", StringComparison.OrdinalIgnoreCase) || key.Contains("gctBalance", StringComparison.OrdinalIgnoreCase);

    private static async Task<(int Code, string Stdout, string Stderr)> InvokeAsync(params string[] args)
    {
        var root = new RootCommand { AnalyzeCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
