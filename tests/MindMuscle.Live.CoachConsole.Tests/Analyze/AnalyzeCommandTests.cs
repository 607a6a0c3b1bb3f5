using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using MindMuscle.Live.CoachConsole.Analyze;

namespace MindMuscle.Live.CoachConsole.Tests.Analyze;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mml-analyze-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Invoke_SessionWithCadenceDrop_PrintsOneJsonLineAndSummary()
    {
        var csv = SessionCsvWriter.Write(_dir, [.. DroppingRunner(), .. SessionCsvWriter.Runner("r2", "Bo, \"the\" rocket", 600, _ => 180)]);

        var (code, stdout, stderr) = await InvokeAsync("analyze", csv);

        Assert.Equal(0, code);
        var line = Assert.Single(Lines(stdout));
        var json = JsonNode.Parse(line)!.AsObject();
        Assert.Equal(["kind", "runnerId", "startedAt", "clearedAt", "baseline", "current", "message"], json.Select(p => p.Key));
        Assert.Equal("cadenceDrop", json["kind"]!.GetValue<string>());
        Assert.Equal("r1", json["runnerId"]!.GetValue<string>());
        var startedAt = DateTimeOffset.Parse(json["startedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(startedAt.ToUnixTimeMilliseconds() - SessionCsvWriter.Start, 315_000, 330_000);
        Assert.NotNull(json["clearedAt"]);
        Assert.Equal(180, json["baseline"]!.GetValue<double>());
        Assert.Equal(168, json["current"]!.GetValue<double>());
        Assert.Contains("1200 samples of 2 runner(s); 1 alert(s): cadenceDrop 1", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WithLooserSettings_ReRunsWithNewThresholds()
    {
        var csv = SessionCsvWriter.Write(_dir, DroppingRunner());
        var settings = Path.Combine(_dir, "settings.json");
        await File.WriteAllTextAsync(settings, """{ "cadenceDropPct": 10 }""", TestContext.Current.CancellationToken);

        var (code, stdout, stderr) = await InvokeAsync("analyze", csv, "--settings", settings);

        Assert.Equal(0, code);
        Assert.Empty(Lines(stdout));
        Assert.Contains("0 alert(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_BadRows_SkipsAndReportsThemWithLineNumbers()
    {
        var rows = DroppingRunner().ToList();
        rows.Insert(10, "s1,r1,Al,not-a-seq,2026-01-01T00:00:00.000Z,,,,,,,,,,,,,");
        rows.Insert(20, "garbage");
        var csv = SessionCsvWriter.Write(_dir, rows);

        var (code, stdout, stderr) = await InvokeAsync("analyze", csv);

        Assert.Equal(0, code);
        Assert.Single(Lines(stdout));
        Assert.Contains("line 12: seq 'not-a-seq' is not a positive integer", stderr, StringComparison.Ordinal);
        Assert.Contains("line 22: 1 fields, expected 18", stderr, StringComparison.Ordinal);
        Assert.Contains("2 bad row(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WrongHeader_ExitsOneWithReason()
    {
        var csv = SessionCsvWriter.Write(_dir, DroppingRunner(), header: "a,b,c");

        var (code, stdout, stderr) = await InvokeAsync("analyze", csv);

        Assert.Equal(1, code);
        Assert.Empty(Lines(stdout));
        Assert.Contains("not the session export header", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_SettingsNotJson_ExitsOne()
    {
        var csv = SessionCsvWriter.Write(_dir, DroppingRunner());
        var settings = Path.Combine(_dir, "settings.json");
        await File.WriteAllTextAsync(settings, "{ nope", TestContext.Current.CancellationToken);

        var (code, _, stderr) = await InvokeAsync("analyze", csv, "--settings", settings);

        Assert.Equal(1, code);
        Assert.Contains("not valid alert settings JSON", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_AnalyzeGeneratedCsv_WritesTheAlertToStdout()
    {
        var csv = SessionCsvWriter.Write(_dir, DroppingRunner());
        var dll = BuildOutput.CoachConsoleDll;
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "analyze", csv])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));

        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("\"kind\":\"cadenceDrop\"", Assert.Single(Lines(await stdout)), StringComparison.Ordinal);
        Assert.Contains("1 alert(s)", await stderr, StringComparison.Ordinal);
    }

    /// <summary>Ten minutes at 180 spm except 60 s at 168 spm (6.7 % below) from minute five.</summary>
    private static IEnumerable<string> DroppingRunner() =>
        SessionCsvWriter.Runner("r1", "Al", 600, i => i is >= 300 and < 360 ? 168 : 180);

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
