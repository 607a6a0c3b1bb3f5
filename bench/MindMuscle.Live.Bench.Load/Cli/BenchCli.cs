using System.CommandLine;
using System.Globalization;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Bench.Load.Report;
using MindMuscle.Live.Bench.Load.Scenarios;
using MindMuscle.Live.Bench.Load.Web;
using Spectre.Console;

namespace MindMuscle.Live.Bench.Load.Cli;

/// <summary>The command line: options, then one of the modes (load runs, --breaking-point, --replay, --analyze, --web, --smoke).</summary>
internal static class BenchCli
{
    /// <summary>All bench runners join from 127.0.0.1, so the hub's join limiter (10 per minute per address) is lifted.</summary>
    public const string DefaultProductHubArgs = "--Hub:JoinPermitLimit=100000";

    public static RootCommand Build(IAnsiConsole? console = null)
    {
        var hub = new Option<string>("--hub") { Description = "bare | product | both (both: the baseline in the same invocation, with a ratio)", DefaultValueFactory = _ => "both" };
        hub.AcceptOnlyFromAmong("bare", "product", "both");
        var bareRecord = new Option<string?>("--bare-record")
        {
            Description = "on | off | both: the bare hub records every sample to SQLite (WAL, synchronous=FULL, ~5 ms group commit, ack after commit) "
                + "as the product does; both = a bare and a bare+record row. Default: on in the real shape (--real-shape, --sessions), off otherwise",
        };
        bareRecord.AcceptOnlyFromAmong("on", "off", "both");
        var runners = new Option<int[]>("--runners") { Description = "runner counts, one run each (e.g. --runners 100 1000)", DefaultValueFactory = _ => [1000], AllowMultipleArgumentsPerToken = true };
        var hz = new Option<double>("--hz") { Description = "samples per second per runner", DefaultValueFactory = _ => 4 };
        var coaches = new Option<int>("--coaches") { Description = "coach connections watching the session (single-session mode)", DefaultValueFactory = _ => 10 };
        var sessions = new Option<int>("--sessions")
        {
            Description = "the real shape: runners spread over this many sessions, each watched by its own coaches (0 = every runner in one session, --runners and --coaches)",
        };
        var runnersPerSession = new Option<int>("--runners-per-session") { Description = "with --sessions: runners in each session", DefaultValueFactory = _ => 30 };
        var coachesPerSession = new Option<int>("--coaches-per-session") { Description = "with --sessions: coaches watching each session", DefaultValueFactory = _ => 2 };
        var realShape = new Option<bool>("--real-shape") { Description = "the shape clubs have: --sessions 50 (x --runners-per-session 30, --coaches-per-session 2) unless --sessions says otherwise" };
        var protocol = new Option<string>("--protocol") { Description = "json | messagepack | both", DefaultValueFactory = _ => "json" };
        protocol.AcceptOnlyFromAmong("json", "messagepack", "both");
        var duration = new Option<double>("--duration") { Description = "measured seconds after the warm-up", DefaultValueFactory = _ => 30 };
        var warmup = new Option<double>("--warmup") { Description = "warm-up seconds (published, not measured)", DefaultValueFactory = _ => 5 };
        var maxBatch = new Option<int>("--max-batch") { Description = "most samples per Publish when a runner's previous publish is still in flight", DefaultValueFactory = _ => 50 };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Publish calls a runner keeps in flight, as the relay's outbox pump does (its MaxInFlight, default 4)", DefaultValueFactory = _ => 4 };
        var cueInterval = new Option<double>("--cue-interval-ms") { Description = "a coach sends a cue this often, each to the next session in turn and there to its next runner (0 = no cues)", DefaultValueFactory = _ => 250 };
        var breaking = new Option<bool>("--breaking-point") { Description = "step runners up (--bp-steps) until p99 > --p99-limit-ms or anything is lost, for each hub and protocol" };
        var bpSteps = new Option<int[]>("--bp-steps")
        {
            Description = "total runner counts to step through (with --sessions: rounded to whole sessions of --runners-per-session)",
            DefaultValueFactory = _ => [500, 1000, 2000, 3000, 4000, 5000, 6000, 8000, 10000],
            AllowMultipleArgumentsPerToken = true,
        };
        var p99Limit = new Option<double>("--p99-limit-ms") { Description = "breaking point latency limit", DefaultValueFactory = _ => 250 };
        var bareGc = new Option<string>("--bare-gc")
        {
            Description = "the bare hub's GC: workstation (concurrent with a 32 MB gen0 cap, as the product hub runs: like for like) | server (the Web SDK's default it is built with; the figures before 2026-12-07 16:00 UTC)",
            DefaultValueFactory = _ => "workstation",
        };
        bareGc.AcceptOnlyFromAmong("server", "workstation");
        var genLagLimit = new Option<double?>("--gen-lag-limit-ms")
        {
            Description = "a run whose generator fell further behind its schedule than this is flagged \"gen behind\" (its tail may be the generator's); default: --p99-limit-ms",
        };
        var tickOrder = new Option<string>("--tick-order")
        {
            Description = "the order the publishing loop ticks the runners in each period: sessions (runner by runner, a session's runners back to back; "
                + "the earlier figures' order) | interleaved (consecutive publishes to different sessions, each session's samples spread evenly over the period) "
                + "| random (each runner at its own fixed random phase, like independent relays; --seed). Same rates and the same traffic for every hub",
            DefaultValueFactory = _ => "sessions",
        };
        tickOrder.AcceptOnlyFromAmong("sessions", "interleaved", "random");
        var seed = new Option<int>("--seed") { Description = "seeds the runners' phases of --tick-order random", DefaultValueFactory = _ => 1 };
        var smoke = new Option<bool>("--smoke") { Description = "small load (20 runners, 2 coaches, 5 s per protocol), exits non-zero on crash, loss or duplicates" };
        var replay = new Option<bool>("--replay") { Description = "product hub: write a long session, time Replay's first event and CSV export" };
        var replayRunners = new Option<int>("--replay-runners") { DefaultValueFactory = _ => 60 };
        var replayMinutes = new Option<double>("--replay-minutes") { DefaultValueFactory = _ => 60 };
        var replayHz = new Option<double>("--replay-hz") { DefaultValueFactory = _ => 4 };
        var replayBatch = new Option<int>("--replay-batch") { Description = "samples per Publish while writing the replay session", DefaultValueFactory = _ => 50 };
        var analyze = new Option<bool>("--analyze") { Description = "no hub: write a simulated session CSV (--analyze-runners x --analyze-minutes at --analyze-hz) and time `coach-console analyze FILE --reps --json`" };
        var analyzeRunners = new Option<int>("--analyze-runners") { DefaultValueFactory = _ => 60 };
        var analyzeMinutes = new Option<double>("--analyze-minutes") { DefaultValueFactory = _ => 60 };
        var analyzeHz = new Option<double>("--analyze-hz") { DefaultValueFactory = _ => 4 };
        var analyzeRepeats = new Option<int>("--analyze-repeats") { Description = "timed runs of analyze on the one file", DefaultValueFactory = _ => 3 };
        var analyzeFile = new Option<FileInfo?>("--analyze-file") { Description = "write the session CSV here and keep it (default: a temp file)" };
        var consoleDll = new Option<string>("--console-dll") { Description = "the coach console", DefaultValueFactory = _ => HubLocation.DefaultConsoleDll };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "write all results as JSON here" };
        var hubDll = new Option<string>("--hub-dll") { Description = "the product hub", DefaultValueFactory = _ => HubLocation.DefaultProductHubDll };
        var bareDll = new Option<string>("--bare-hub-dll") { Description = "the baseline hub", DefaultValueFactory = _ => HubLocation.DefaultBareHubDll };
        var hubArgs = new Option<string>("--hub-args")
        {
            Description = "arguments for the product hub, space-separated, e.g. --Hub:CoachFrameInterval=00:00:00.002 for an experiment; the default lifts the per-address "
                + $"join rate limit, since every bench runner joins from 127.0.0.1, and giving --hub-args replaces it (keep {DefaultProductHubArgs}). "
                + "Both hubs also inherit the generator's environment, so Hub__CoachFrameInterval=00:00:00.002 set for the generator reaches the product hub as well",
            DefaultValueFactory = _ => DefaultProductHubArgs,
        };
        var web = new Option<bool>("--web") { Description = "product hub: the coach page in headless Chromium watching --runners (first value) x --hz; arrival->paint, main-thread busy, memory" };
        hz.Aliases.Add("--rate");
        var webFull = new Option<bool>("--web-full-tiles") { Description = "--web: full tiles instead of compact ones (60 fit 1280x800 only compact)" };
        var memoryMinutes = new Option<double?>("--memory-minutes") { Description = "--web: measure this many minutes instead of --duration (memory at 2 min, half-way and at the end)" };
        var memoryEarly = new Option<double>("--memory-early-s") { Description = "--web: seconds after the tiles show to take the first memory reading", DefaultValueFactory = _ => 120 };
        var webProfile = new Option<FileInfo?>("--web-profile") { Description = "--web: record a DevTools CPU profile of the page over the window's first --web-profile-s seconds into this .cpuprofile and print its top functions (the profiler's own cost is in that run's figures)" };
        var webProfileSeconds = new Option<double>("--web-profile-s") { Description = "--web: seconds the profile covers", DefaultValueFactory = _ => 30 };
        var chromium = new Option<string?>("--chromium") { Description = $"--web: the Chromium binary (default ${WebConfig.ChromiumVariable} or /usr/bin/chromium)" };
        var hubMeters = new Option<string>("--hub-meters")
        {
            Description = "how the bench listens to the hub's meter, both hubs alike: counters (samples dropped, frames, send timeouts; no histograms: its cost was within the noise of none at 300 runners) "
                + "| full (also queues, send, serialise, ack and cue histograms, for diagnosis: the hub rebuilds their aggregations every second, which costs it GC and CPU) | none",
            DefaultValueFactory = _ => "counters",
        };
        hubMeters.AcceptOnlyFromAmong("counters", "full", "none");
        var pin = new Option<bool>("--pin") { Description = "hub on core 0, load generator on core 1 (every thread of each), both hubs alike: the hub's CPU no longer starves the generator" };
        var noProgress = new Option<bool>("--no-progress") { Description = "plain phase lines instead of a live progress bar" };

        var root = new RootCommand("MindMuscle.Live load generator: bare SignalR baseline vs the product hub")
        {
            hub, bareRecord, runners, hz, coaches, sessions, runnersPerSession, coachesPerSession, realShape, protocol, duration, warmup, maxBatch, maxInFlight, cueInterval, breaking, bpSteps, p99Limit, genLagLimit, bareGc, tickOrder, seed, smoke,
            replay, replayRunners, replayMinutes, replayHz, replayBatch, analyze, analyzeRunners, analyzeMinutes, analyzeHz, analyzeRepeats, analyzeFile, consoleDll, jsonOut, hubDll, bareDll, hubArgs, hubMeters, pin, noProgress,
            web, webFull, memoryMinutes, memoryEarly, webProfile, webProfileSeconds, chromium,
        };

        root.SetAction(async (parse, cancellationToken) =>
        {
            var ansi = console ?? AnsiConsole.Console;
            if (!ansi.Profile.Capabilities.Interactive && ansi.Profile.Width < 200)
            {
                // Redirected to a file or a test log: the wide results table must not wrap into unreadable columns.
                ansi.Profile.Width = 280;
            }

            var setup = new HubSetup
            {
                BareHubDll = parse.GetValue(bareDll)!,
                ProductHubDll = parse.GetValue(hubDll)!,
                ProductHubArgs = parse.GetValue(hubArgs)!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                BareServerGc = parse.GetValue(bareGc) == "server",
            };
            var protocols = parse.GetValue(protocol) switch
            {
                "messagepack" => new[] { WireProtocol.MessagePack },
                "both" => [WireProtocol.Json, WireProtocol.MessagePack],
                _ => [WireProtocol.Json],
            };
            var isSmoke = parse.GetValue(smoke);
            var template = new LoadConfig
            {
                Hz = parse.GetValue(hz),
                Coaches = parse.GetValue(coaches),
                Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                MaxBatch = parse.GetValue(maxBatch),
                MaxInFlight = parse.GetValue(maxInFlight),
                Pin = parse.GetValue(pin),
                CueInterval = TimeSpan.FromMilliseconds(parse.GetValue(cueInterval)),
                GeneratorLagLimitMs = parse.GetValue(genLagLimit) ?? parse.GetValue(p99Limit),
                TickOrder = Enum.Parse<TickOrder>(parse.GetValue(tickOrder)!, ignoreCase: true),
                Seed = parse.GetValue(seed),
                HubMeters = Enum.Parse<HubMeterMode>(parse.GetValue(hubMeters)!, ignoreCase: true),
            };
            var runnerCounts = parse.GetValue(runners)!;
            var sessionCount = parse.GetValue(sessions) is > 0 and var n ? n : parse.GetValue(realShape) ? 50 : 0;
            var hubs = Hubs(parse.GetValue(hub)!, parse.GetValue(bareRecord), realShape: sessionCount > 0);
            var perSession = Math.Max(1, parse.GetValue(runnersPerSession));
            if (sessionCount > 0)
            {
                template = template with { Sessions = sessionCount, Coaches = parse.GetValue(coachesPerSession) };
                runnerCounts = [sessionCount * perSession];
            }

            if (isSmoke)
            {
                template = template with { Coaches = 2, Hz = 4, Warmup = TimeSpan.FromSeconds(1), Duration = TimeSpan.FromSeconds(4), DrainTimeout = TimeSpan.FromSeconds(10) };
                runnerCounts = [20];
                protocols = [WireProtocol.Json, WireProtocol.MessagePack];
            }

            var report = new BenchReport
            {
                StartedAt = TimeProvider.System.GetUtcNow().ToString("u", CultureInfo.InvariantCulture),
                CommandLine = "dotnet bench/MindMuscle.Live.Bench.Load/bin/Release/net10.0/MindMuscle.Live.Bench.Load.dll " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
                Machine = MachineInfo.Read(),
            };
            ansi.MarkupLineInterpolated($"[grey]{report.Machine.CpuModel}, {report.Machine.Cores} cores, {report.Machine.MemoryMb:N0} MB, load avg {report.Machine.LoadAverage1m}; {report.StartedAt}; ticks: {template.TickOrderName}[/]");

            var progressive = !parse.GetValue(noProgress) && ansi.Profile.Capabilities.Interactive;
            await WithProgressAsync(ansi, progressive, async track =>
            {
                if (parse.GetValue(web))
                {
                    var defaults = new WebConfig();
                    var webConfig = defaults with
                    {
                        Runners = parse.GetResult(runners) is { Implicit: false } ? runnerCounts[0] : defaults.Runners,
                        Hz = parse.GetValue(hz),
                        Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
                        Duration = parse.GetValue(memoryMinutes) is { } minutes ? TimeSpan.FromMinutes(minutes) : TimeSpan.FromSeconds(parse.GetValue(duration)),
                        EarlyMemoryAt = TimeSpan.FromSeconds(parse.GetValue(memoryEarly)),
                        Compact = !parse.GetValue(webFull),
                        ChromiumPath = parse.GetValue(chromium) ?? defaults.ChromiumPath,
                        ProfilePath = parse.GetValue(webProfile)?.FullName,
                        ProfileDuration = TimeSpan.FromSeconds(parse.GetValue(webProfileSeconds)),
                    };
                    report = report with { Web = await WebBench.RunAsync(webConfig, setup, track(webConfig.Label), cancellationToken) };
                }
                else if (parse.GetValue(analyze))
                {
                    var analyzeConfig = new AnalyzeConfig
                    {
                        Runners = parse.GetValue(analyzeRunners),
                        Minutes = parse.GetValue(analyzeMinutes),
                        Hz = parse.GetValue(analyzeHz),
                        Repeats = Math.Max(1, parse.GetValue(analyzeRepeats)),
                        ConsoleDll = parse.GetValue(consoleDll)!,
                        KeepFile = parse.GetValue(analyzeFile)?.FullName,
                    };
                    report = report with { Analyze = await AnalyzeBench.RunAsync(analyzeConfig, track("analyze"), cancellationToken) };
                }
                else if (parse.GetValue(replay))
                {
                    var replayConfig = new ReplayConfig
                    {
                        Runners = parse.GetValue(replayRunners),
                        Minutes = parse.GetValue(replayMinutes),
                        Hz = parse.GetValue(replayHz),
                        Batch = parse.GetValue(replayBatch),
                    };
                    report = report with { Replay = await ReplayBench.RunAsync(replayConfig, setup, track("replay"), cancellationToken) };
                }
                else if (parse.GetValue(breaking))
                {
                    foreach (var proto in protocols)
                    {
                        foreach (var (kind, record) in hubs)
                        {
                            report.BreakingPoints.Add(await BreakingPoint.FindAsync(
                                template with { Hub = kind, BareRecord = record, Protocol = proto }, parse.GetValue(bpSteps)!, sessionCount > 0 ? perSession : null,
                                parse.GetValue(p99Limit), setup, track, cancellationToken));
                        }
                    }
                }
                else
                {
                    foreach (var count in runnerCounts)
                    {
                        foreach (var proto in protocols)
                        {
                            foreach (var (kind, record) in hubs)
                            {
                                var config = template with { Hub = kind, BareRecord = record, Protocol = proto, Runners = count };
                                report.Runs.Add(await LoadRun.RunAsync(config, setup, track(config.Label), cancellationToken));
                            }
                        }
                    }
                }
            });

            ResultTables.WriteRuns(ansi, report.Runs);
            ResultTables.WriteRuns(ansi, [.. report.BreakingPoints.SelectMany(point => point.Steps)]);
            ResultTables.WriteBreakingPoints(ansi, report.BreakingPoints);
            ResultTables.WriteReplay(ansi, report.Replay);
            ResultTables.WriteAnalyze(ansi, report.Analyze);
            if (report.Web is { } webResult)
            {
                WebTable.Write(ansi, webResult);
                // Past Spectre's wrapping: the line stays one line of JSON at any console width.
                ansi.Profile.Out.Writer.WriteLine("web-json: " + BenchReport.ToJsonLine(webResult));
            }
            if (parse.GetValue(jsonOut) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, report.ToJson(), cancellationToken);
                ansi.MarkupLineInterpolated($"[grey]results written to {file.FullName}[/]");
            }

            if (isSmoke)
            {
                var failed = report.Runs.Where(r => !r.Clean).ToList();
                foreach (var run in failed)
                {
                    ansi.MarkupLineInterpolated($"[red]smoke failed: {run.Config.Label}: {string.Join("; ", run.Violations(double.MaxValue))}[/]");
                }

                return failed.Count == 0 ? 0 : 1;
            }

            return report.Runs.Any(r => r.Error is not null || r.HubCrashed) || report.Replay?.Error is not null || report.Analyze?.Error is not null || report.Web?.Error is not null ? 2 : 0;
        });
        return root;
    }

    /// <summary>
    /// The hubs to run, in order: bare without and/or with recording (<c>--bare-record</c>; unset = with recording in
    /// the real shape, where the targets compare two hubs that both record, and without in the single-session mode,
    /// whose earlier figures are against a bare hub that records nothing), then the product.
    /// </summary>
    internal static IReadOnlyList<(HubKind Kind, bool BareRecord)> Hubs(string hub, string? bareRecord, bool realShape)
    {
        var bare = (bareRecord ?? (realShape ? "on" : "off")) switch
        {
            "on" => new[] { (HubKind.Bare, true) },
            "both" => [(HubKind.Bare, false), (HubKind.Bare, true)],
            _ => [(HubKind.Bare, false)],
        };
        return hub switch
        {
            "bare" => bare,
            "product" => [(HubKind.Product, false)],
            _ => [.. bare, (HubKind.Product, false)],
        };
    }

    /// <summary>Runs the work with a Spectre progress bar (one task per run), or plain phase lines when not interactive.</summary>
    private static async Task WithProgressAsync(IAnsiConsole console, bool interactive, Func<Func<string, RunProgress>, Task> work)
    {
        if (!interactive)
        {
            await work(label =>
            {
                var last = "";
                return (phase, _) =>
                {
                    if (phase != last)
                    {
                        last = phase;
                        console.MarkupLineInterpolated($"[grey]{label}: {phase}[/]");
                    }
                };
            });
            return;
        }

        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context => await work(label =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: 100);
                return (phase, fraction) =>
                {
                    // "stopping" is a run's last phase: show the run as finished rather than a bar at 0 %.
                    var done = phase == "stopping";
                    task.Description = Markup.Escape($"{label}: {(done ? "done" : phase)}");
                    task.Value = done ? 100 : Math.Clamp(fraction, 0, 1) * 100;
                };
            }));
    }
}
