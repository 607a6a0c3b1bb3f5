using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Relay.Ble.BlueZ;

namespace MindMuscle.Live.Relay.Sources;

/// <summary>Turns <c>--source</c> into a reading source: <c>sim:NAME</c>, <c>ble</c> or <c>file:PATH</c> (CSV, notification log, .fit, .tcx).</summary>
internal static class ReadingSourceFactory
{
    public const string Usage =
        "Use sim:NAME (a built-in scenario or a scenario JSON file; a comma-separated list gives runner i item i), ble (BlueZ sensors nearby) or file:PATH (a hub CSV export, a notification log, or a watch's .fit or .tcx activity).";

    /// <exception cref="ReadingSourceSpecException">Unknown kind, unknown scenario, missing or unreadable file, bad options.</exception>
    public static IReadingSource Create(string spec, ReadingSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new ReadingSourceSpecException("No source given. " + Usage);
        }

        var (kind, argument) = spec.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
            ? (spec[..colon].Trim().ToLowerInvariant(), spec[(colon + 1)..].Trim())
            : (spec.Trim().ToLowerInvariant(), "");
        switch (kind)
        {
            case "sim":
                return SimulatedReadingSource.Create(LoadScenarios(argument), options);

            case "ble":
                if (options.Runners != 1)
                {
                    throw new ReadingSourceSpecException("--runners applies to sim only; a BLE relay reads one runner's own sensors.");
                }

                PreflightSystemBus(options.BlueZBusAddress);
                return new BleReadingSource(
                    async ct => await BlueZAdapter.ConnectAsync(
                        new BlueZOptions { BusAddress = options.BlueZBusAddress }, options.Time, options.LoggerFactory.CreateLogger<BlueZAdapter>(), ct),
                    [options.RunnerName],
                    _ => 0,
                    options);

            case "file":
                if (argument.Length == 0)
                {
                    throw new ReadingSourceSpecException("file: needs a path, e.g. file:session.csv.");
                }

                return Path.GetExtension(argument).ToLowerInvariant() is ".fit" or ".tcx"
                    ? new ActivityFileReadingSource(argument, options)
                    : new FileReadingSource(argument, options);

            default:
                throw new ReadingSourceSpecException($"Unknown source '{spec}'. " + Usage);
        }
    }

    /// <summary>
    /// <c>sim:</c>'s argument: one scenario (empty = steady), or a comma-separated list of them. A path to an existing
    /// file is always one scenario, even if its name has a comma.
    /// </summary>
    private static Scenario[] LoadScenarios(string argument)
    {
        if (argument.Length == 0)
        {
            argument = "steady";
        }

        string[] items = argument.Contains(',', StringComparison.Ordinal) && !File.Exists(argument)
            ? [.. argument.Split(',').Select(item => item.Trim())]
            : [argument];
        if (items.Any(item => item.Length == 0))
        {
            throw new ReadingSourceSpecException($"sim:{argument} has an empty item; list scenarios like sim:fatigue-quick,asymmetry-quick,steady.");
        }

        var loaded = new Dictionary<string, Scenario>(StringComparer.Ordinal);
        var scenarios = new Scenario[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!loaded.TryGetValue(items[i], out var scenario))
            {
                try
                {
                    scenario = Scenario.Load(items[i]);
                }
                catch (ScenarioException ex)
                {
                    throw new ReadingSourceSpecException(items.Length == 1 ? ex.Message : $"sim: item {i + 1} ('{items[i]}'): {ex.Message}", ex);
                }

                loaded[items[i]] = scenario;
            }

            scenarios[i] = scenario;
        }

        return scenarios;
    }

    /// <summary>
    /// Fails at open time, not on the first read, when there is plainly no system bus (a container, macOS, Windows):
    /// the common case deserves an immediate, clear message. Anything subtler surfaces from ReadAsync as BlueZUnavailableException.
    /// </summary>
    private static void PreflightSystemBus(string? configured)
    {
        var address = configured ?? Tmds.DBus.Protocol.DBusAddress.System;
        const string prefix = "unix:path=";
        if (string.IsNullOrEmpty(address))
        {
            throw new ReadingSourceSpecException("--source ble needs Linux with BlueZ and a D-Bus system bus; none is configured here. Use sim:NAME to simulate sensors.");
        }

        if (address.StartsWith(prefix, StringComparison.Ordinal) && address[prefix.Length..].Split(',')[0] is var socket && !File.Exists(socket))
        {
            throw new ReadingSourceSpecException(
                $"--source ble: no D-Bus system bus at {socket}. Start dbus and bluetoothd (sudo systemctl enable --now bluetooth), " +
                "mount the socket into the container, or use sim:NAME to simulate sensors.");
        }
    }
}
