using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.TestKit.Hosting;

namespace MindMuscle.Live.Relay.Tests.Cli;

public sealed class DecodeCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _tempDir = Directory.CreateTempSubdirectory("mml-decode-").FullName;

    public void Dispose() => Directory.Delete(_tempDir, recursive: true);

    [Fact]
    public async Task Invoke_IssueHeartRateExample_PrintsSampleJsonAndExitsZero()
    {
        var (exit, stdout, stderr) = await RunAsync("decode", "--char", "2a37", "--hex", "16 3c 00 04");

        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal(60, json["heartRateBpm"]!.GetValue<int>());
        Assert.Equal(1000.0, json["rrIntervalsMs"]![0]!.GetValue<double>());
        Assert.Equal(1024, json["rrIntervalsRaw"]![0]!.GetValue<int>());
        Assert.True(json["sensorContact"]!.GetValue<bool>());
        Assert.True(json.ContainsKey("energyExpendedKj"));
        Assert.Null(json["energyExpendedKj"]);
        Assert.Null(json["cadenceSpm"]);
        Assert.Empty(json["warnings"]!.AsArray());
        Assert.False(json.ContainsKey("seq"));
    }

    [Theory]
    [InlineData("0x2A37", "16:3c:00:04")]
    [InlineData("00002a37-0000-1000-8000-00805f9b34fb", "163c0004")]
    [InlineData("2A37", "0x16 0x3C 0x00 0x04")]
    public async Task Invoke_EveryCharAndHexForm_DecodesTheSame(string uuid, string hex)
    {
        var (exit, stdout, _) = await RunAsync("decode", "--char", uuid, "--hex", hex);

        Assert.Equal(0, exit);
        Assert.Equal(60, JsonNode.Parse(stdout)!["heartRateBpm"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("auto", 180.0, "perFoot")]
    [InlineData("per-foot", 180.0, "perFoot")]
    [InlineData("steps", 90.0, "steps")]
    public async Task Invoke_RscWithCadenceMode_ConvertsAndKeepsRaw(string mode, double spm, string applied)
    {
        var (exit, stdout, _) = await RunAsync("decode", "--char", "2a53", "--hex", "05 00 04 5a 8c 00", "--cadence-mode", mode);

        var json = JsonNode.Parse(stdout)!;
        Assert.Equal(0, exit);
        Assert.Equal(90, json["cadenceRaw"]!.GetValue<int>());
        Assert.Equal(spm, json["cadenceSpm"]!.GetValue<double>());
        Assert.Equal(applied, json["cadenceMode"]!.GetValue<string>());
        Assert.Equal(4.0, json["speedMps"]!.GetValue<double>());
        Assert.Equal(1.4, json["strideLengthM"]!.GetValue<double>());
        Assert.True(json["isRunning"]!.GetValue<bool>());
        Assert.Null(json["distanceM"]);
    }

    [Fact]
    public async Task Invoke_CyclingPower_PrintsPowerAndExtras()
    {
        var (exit, stdout, _) = await RunAsync("decode", "--char", "2a63", "--hex", "34 00 fa 00 40 06 10 00 00 00 00 08 20 00 00 04");

        var json = JsonNode.Parse(stdout)!;
        Assert.Equal(0, exit);
        Assert.Equal(250, json["powerW"]!.GetValue<int>());
        Assert.Equal(50.0, json["accumulatedTorqueNm"]!.GetValue<double>());
        Assert.Equal(16, json["wheelRevolutions"]!.GetValue<long>());
        Assert.Equal(32, json["crankRevolutions"]!.GetValue<int>());
        Assert.Null(json["accumulatedEnergyKj"]);
    }

    [Fact]
    public async Task Invoke_BodySensorLocationAndRunningDynamics_PrintTheirFields()
    {
        var (_, location, _) = await RunAsync("decode", "--char", "2a38", "--hex", "01");
        var (_, dynamics, _) = await RunAsync(
            "decode", "--char", "6d6d6c00-0001-4c69-7665-4d696e644d75", "--hex", "07 e7 00 54 03 62 13");

        Assert.Equal("chest", JsonNode.Parse(location)!["bodySensorLocation"]!.GetValue<string>());
        Assert.Equal(231, JsonNode.Parse(dynamics)!["groundContactMs"]!.GetValue<double>());
        Assert.Equal(8.52, JsonNode.Parse(dynamics)!["verticalOscillationCm"]!.GetValue<double>());
    }

    [Fact]
    public async Task Invoke_ImpossibleBattery_PrintsNullWithItsWarnings()
    {
        var (exit, stdout, _) = await RunAsync("decode", "--char", "2a19", "--hex", "c8");

        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(0, exit);
        Assert.True(json.ContainsKey("batteryPct"));
        Assert.Null(json["batteryPct"]);
        Assert.Equal(["batteryOutOfRange", "batteryNulled"], Codes(json));
        Assert.Contains("not a reading", json["warnings"]![1]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_HeartRateZeroWithoutContact_PrintsNullWithItsWarnings()
    {
        var (exit, stdout, _) = await RunAsync("decode", "--char", "2a37", "--hex", "04 00");

        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(0, exit);
        Assert.True(json.ContainsKey("heartRateBpm"));
        Assert.Null(json["heartRateBpm"]);
        Assert.False(json["sensorContact"]!.GetValue<bool>());
        Assert.Equal(["heartRateOutOfRange", "heartRateNulled"], Codes(json));
    }

    [Theory]
    [InlineData("2a37", "11 3c 00 00 04 05", "truncated: RR interval at byte 5 needs 2 bytes, 1 left")]
    [InlineData("2a37", "60 3c", "reserved flag bits set: 0x60")]
    [InlineData("2a37", "", "empty payload")]
    [InlineData("2a37", "1", "odd number of hex digits")]
    [InlineData("2a37", "zz", "'z' is not a hex digit")]
    [InlineData("2a99", "00", "not supported")]
    [InlineData("nope", "00", "not a UUID")]
    public async Task Invoke_Malformed_PrintsReasonOnStderrAndExitsTwo(string uuid, string hex, string reason)
    {
        var (exit, stdout, stderr) = await RunAsync("decode", "--char", uuid, "--hex", hex);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_NeitherHexNorFile_ExitsTwo()
    {
        var (exit, _, stderr) = await RunAsync("decode", "--char", "2a37");

        Assert.Equal(2, exit);
        Assert.Contains("--hex or --file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_FileWithBadLines_DecodesTheRestReportsEachBadLineAndExitsTwo()
    {
        var path = Path.Combine(_tempDir, "hr.txt");
        await File.WriteAllLinesAsync(path, ["16 3c 00 04", "zz", "", "00 48", "10 3c 01"], TestContext.Current.CancellationToken);

        var (exit, stdout, _) = await RunAsync("decode", "--char", "2a37", "--file", path);

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal(2, exit);
        Assert.Equal(4, lines.Length);
        Assert.Equal(60, lines[0]["heartRateBpm"]!.GetValue<int>());
        Assert.Equal(2, lines[1]["line"]!.GetValue<int>());
        Assert.Contains("not a hex digit", lines[1]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(72, lines[2]["heartRateBpm"]!.GetValue<int>());
        Assert.Equal(4, lines[2]["line"]!.GetValue<int>());
        Assert.Equal(5, lines[3]["line"]!.GetValue<int>());
        Assert.Equal("truncated: RR interval at byte 2 needs 2 bytes, 1 left", lines[3]["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invoke_FileAllGood_ExitsZeroAndStaysStickyAcrossLines()
    {
        var path = Path.Combine(_tempDir, "rsc.txt");
        // Three per-foot votes from speed/stride, then a walking line that alone would be ambiguous.
        await File.WriteAllLinesAsync(
            path, ["05 00 04 56 8c 00", "05 00 04 56 8c 00", "05 00 04 56 8c 00", "00 80 01 5a"], TestContext.Current.CancellationToken);

        var (exit, stdout, _) = await RunAsync("decode", "--char", "2a53", "--file", path);

        var last = JsonNode.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
        Assert.Equal(0, exit);
        Assert.Equal(180.0, last["cadenceSpm"]!.GetValue<double>());
        Assert.Equal("sticky", last["cadenceEvidence"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invoke_MissingFile_ExitsTwo()
    {
        var (exit, _, stderr) = await RunAsync("decode", "--char", "2a37", "--file", Path.Combine(_tempDir, "absent.txt"));

        Assert.Equal(2, exit);
        Assert.Contains("cannot read", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChildProcess_DecodeHeartRateAndMalformed_BehavesLikeInProcess()
    {
        var good = await RunChildAsync("decode", "--char", "2a37", "--hex", "16 3c 00 04");
        var bad = await RunChildAsync("decode", "--char", "2a37", "--hex", "11 3c 00 00 04 05");

        Assert.Equal(0, good.Exit);
        Assert.Equal(60, JsonNode.Parse(good.Stdout)!["heartRateBpm"]!.GetValue<int>());
        Assert.Equal(2, bad.Exit);
        Assert.Equal("", bad.Stdout.Trim());
        Assert.Contains("truncated: RR interval at byte 5 needs 2 bytes, 1 left", bad.Stderr, StringComparison.Ordinal);
    }

    private static string[] Codes(JsonObject json) =>
        [.. json["warnings"]!.AsArray().Select(w => w!["code"]!.GetValue<string>())];

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var root = new RootCommand { DecodeCommand.Create() };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var cts = new CancellationTokenSource(Timeout);

        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cts.Token)
            .WaitAsync(Timeout);

        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunChildAsync(params string[] args)
    {
        var relayDll = BuildOutput.RelayDll;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(relayDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
            var stderr = process.StandardError.ReadToEndAsync(cts.Token);
            await process.WaitForExitAsync(cts.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
