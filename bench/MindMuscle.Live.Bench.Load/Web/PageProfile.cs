using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Spectre.Console;

namespace MindMuscle.Live.Bench.Load.Web;

/// <summary>
/// A DevTools CPU profile of the page (Profiler domain): written as a .cpuprofile (Chromium's DevTools opens it) and
/// summed up as self time per function and per script, to tell the renders' own code from the runtime and the DOM.
/// </summary>
internal static class PageProfile
{
    public static async Task StartAsync(ICDPSession cdp)
    {
        await cdp.SendAsync("Profiler.enable");
        await cdp.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 200 });
        await cdp.SendAsync("Profiler.start");
    }

    public static async Task<ProfileSummary> StopAsync(ICDPSession cdp, string path)
    {
        var answer = await cdp.SendAsync("Profiler.stop") ?? throw new InvalidOperationException("Profiler.stop returned nothing");
        var profile = answer.GetProperty("profile");
        await File.WriteAllTextAsync(path, profile.GetRawText());
        return Summarize(profile);
    }

    internal static ProfileSummary Summarize(JsonElement profile)
    {
        var nodes = new Dictionary<int, (string Function, string Script)>();
        foreach (var node in profile.GetProperty("nodes").EnumerateArray())
        {
            var frame = node.GetProperty("callFrame");
            var url = frame.GetProperty("url").GetString() ?? "";
            var script = url.Length == 0 ? "(native)" : url[(url.LastIndexOf('/') + 1)..];
            var function = frame.GetProperty("functionName").GetString() is { Length: > 0 } name ? name : "(anonymous)";
            nodes[node.GetProperty("id").GetInt32()] = (function, script);
        }

        var byFunction = new Dictionary<string, double>(StringComparer.Ordinal);
        var byScript = new Dictionary<string, double>(StringComparer.Ordinal);
        var samples = profile.GetProperty("samples").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double total = 0;
        // A sample's time is the delta to the next one (the last has none).
        for (var i = 0; i + 1 < samples.Length && i + 1 < deltas.Length; i++)
        {
            var (function, script) = nodes[samples[i]];
            var us = deltas[i + 1];
            total += us;
            var key = function + " (" + script + ")";
            byFunction[key] = byFunction.GetValueOrDefault(key) + us;
            byScript[script] = byScript.GetValueOrDefault(script) + us;
        }

        return new ProfileSummary(total / 1000, Top(byFunction, 30), Top(byScript, 15));
    }

    private static IReadOnlyList<ProfileEntry> Top(Dictionary<string, double> self, int n) =>
        [.. self.OrderByDescending(kv => kv.Value).Take(n).Select(kv => new ProfileEntry(kv.Key, Math.Round(kv.Value / 1000, 1)))];

    public static void Write(IAnsiConsole console, ProfileSummary summary)
    {
        console.MarkupLineInterpolated($"[bold]page CPU profile[/]: {summary.TotalMs.ToString("0", CultureInfo.InvariantCulture)} ms sampled; self time by script, then by function");
        foreach (var (name, ms) in summary.ByScript.Concat(summary.ByFunction))
        {
            console.MarkupLineInterpolated($"  {ms.ToString("0.0", CultureInfo.InvariantCulture),9} ms  {(summary.TotalMs > 0 ? ms / summary.TotalMs * 100 : 0).ToString("0.0", CultureInfo.InvariantCulture),5} %  {name}");
        }
    }
}

/// <summary>Self time of a profile: its sampled total (idle included), the top functions and the top scripts, ms.</summary>
internal sealed record ProfileSummary(double TotalMs, IReadOnlyList<ProfileEntry> ByFunction, IReadOnlyList<ProfileEntry> ByScript);

/// <summary>A function's or a script's self time in a profile, ms.</summary>
internal sealed record ProfileEntry(string Name, double Ms);
