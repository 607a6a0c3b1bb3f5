using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MindMuscle.Live.TestKit;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Core.Tests.Fit;

/// <summary>
/// Garmin's FIT JavaScript SDK (@garmin/fitsdk, pinned in tests/fit-oracle/package-lock.json) run by node: the oracle
/// our reader and writer are judged by. Missing node or the package skips the test, or fails it under CI.
/// </summary>
internal static class GarminFitSdk
{
    private static readonly string Folder = RepoPaths.Of("tests/fit-oracle");
    private static readonly Lazy<string?> Missing = new(Prepare);

    /// <summary>Garmin's decoder's view of each file: isFit, integrity, errors, messages (recordMesgs, lapMesgs ...).</summary>
    public static IReadOnlyList<JsonObject> Decode(params string[] paths)
    {
        MissingPart.SkipOrFail(Missing.Value);
        var output = Run(["oracle.mjs", "decode", .. paths]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
    }

    public static JsonObject Decode(byte[] fit)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mml-fit-{Guid.NewGuid():N}.fit");
        File.WriteAllBytes(path, fit);
        try
        {
            return Decode(path)[0];
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Garmin's encoder writes each list of messages ({ mesgNum, field: value }) as a FIT file; returns the files' bytes.</summary>
    public static IReadOnlyList<byte[]> Encode(IReadOnlyList<JsonArray> files)
    {
        MissingPart.SkipOrFail(Missing.Value);
        var dir = Directory.CreateTempSubdirectory("mml-fit-encode-").FullName;
        try
        {
            var paths = files.Select((messages, i) =>
            {
                var path = Path.Combine(dir, $"{i}.json");
                File.WriteAllText(path, new JsonObject { ["messages"] = messages.DeepClone() }.ToJsonString());
                return path;
            }).ToArray();
            Run(["oracle.mjs", "encode", .. paths]);
            return paths.Select(p => File.ReadAllBytes(Path.ChangeExtension(p, ".fit"))).ToList();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Run(string[] arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("node oracle.mjs did not finish in 2 minutes");
        }

        Assert.True(process.ExitCode == 0, $"node oracle.mjs {arguments[1]} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>Null when node and the package are ready; else what is missing and how to install it.</summary>
    private static string? Prepare()
    {
        if (!CanRun("node", "--version"))
        {
            return "node is not installed (Garmin's FIT SDK oracle); run scripts/install-deps.sh";
        }

        if (!File.Exists(Path.Combine(Folder, "node_modules", "@garmin", "fitsdk", "package.json"))
            && !CanRun("npm", "ci", "--no-audit", "--no-fund"))
        {
            return "@garmin/fitsdk is not installed; run: npm ci --prefix tests/fit-oracle";
        }

        return null;
    }

    private static bool CanRun(string file, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(file) { WorkingDirectory = Folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in arguments)
            {
                info.ArgumentList.Add(a);
            }

            using var p = Process.Start(info)!;
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            return p.WaitForExit(TimeSpan.FromMinutes(3)) && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static double? Number(JsonNode? node, string name) =>
        node?[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    public static JsonArray Messages(JsonObject decoded, string key) => decoded["messages"]?[key] as JsonArray ?? [];

    public static string Errors(JsonObject decoded) => decoded["errors"]!.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
