using System.Globalization;
using System.Text.Json;
using MindMuscle.Live.Bench.Load.Report;

namespace MindMuscle.Live.Bench.Load.Companion;

/// <summary>
/// <c>companion [--duration-min M | --duration-s S] [--warmup-s W] [--hz H] [--chromium PATH] [--hub-dll PATH]
/// [--json-out FILE] [--no-progress]</c>: one run of <see cref="CompanionBench"/>, printed as a summary and as
/// <c>companion-json: {...}</c>. Exit 0 when the run produced figures, 1 when it failed, 2 on bad arguments.
/// </summary>
internal static class CompanionCli
{
    public const string Command = "companion";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var config = new CompanionConfig();
        string? jsonOut = null;
        var showProgress = true;
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                string Next() => ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
                double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
                switch (args[i])
                {
                    case "--duration-min": config = config with { Duration = TimeSpan.FromMinutes(Number()) }; break;
                    case "--duration-s": config = config with { Duration = TimeSpan.FromSeconds(Number()) }; break;
                    case "--warmup-s": config = config with { Warmup = TimeSpan.FromSeconds(Number()) }; break;
                    case "--hz": config = config with { Hz = Number() }; break;
                    case "--chromium": config = config with { ChromiumPath = Next() }; break;
                    case "--hub-dll": config = config with { HubDll = Next() }; break;
                    case "--json-out": jsonOut = Next(); break;
                    case "--no-progress": showProgress = false; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }

            if (config.Duration <= TimeSpan.Zero || config.Warmup < TimeSpan.Zero || config.Hz is <= 0 or > 50)
            {
                throw new ArgumentException("--duration must be > 0, --warmup-s >= 0 and --hz in (0, 50]");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await output.WriteLineAsync($"companion: {e.Message}");
            return 2;
        }

        var machine = MachineInfo.Read();
        await output.WriteLineAsync($"companion: {config.Duration.TotalMinutes:0.##} min at {config.Hz} Hz from a strap and a footpod; {machine.Cores} cores, load {machine.LoadAverage1m:0.0}");
        var result = await CompanionBench.RunAsync(config, phase =>
        {
            if (showProgress)
            {
                Console.Error.WriteLine($"companion: {phase}");
            }
        }, cancellationToken);
        var json = JsonSerializer.Serialize(result, Json);
        if (jsonOut is not null)
        {
            await File.WriteAllTextAsync(jsonOut, json, cancellationToken);
        }

        if (result.Error is not null)
        {
            await output.WriteLineAsync($"companion: failed: {result.Error}");
            await output.WriteLineAsync($"companion-json: {json}");
            return 1;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"companion: {result.WindowSeconds:0} s window, {result.Notifications} notifications, {result.Acked} acked; notification -> ack p50 {result.AckP50Ms} ms, p99 {result.AckP99Ms} ms, max {result.AckMaxMs} ms; outbox at end {result.OutboxDepthAtEnd}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"companion: renderer CPU {(result.RendererCpuUnavailable is { } why ? $"unknown ({why})" : $"{result.RendererCpuPct} % (main thread {result.RendererMainThreadCpuPct} %)")}, main thread busy {result.MainThreadBusyPct} %; JS heap {Mb(result.StartMemory?.JsHeapUsedBytes)} -> {Mb(result.EndMemory?.JsHeapUsedBytes)} MB, WASM {Mb(result.StartMemory?.WasmBytes)} -> {Mb(result.EndMemory?.WasmBytes)} MB; load {result.LoadAverageStart:0.0} -> {result.LoadAverageEnd:0.0}"));
        await output.WriteLineAsync($"companion-json: {json}");
        return 0;
    }

    private static string Mb(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) : "?";
}
