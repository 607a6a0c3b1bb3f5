using System.Globalization;
using MindMuscle.Live.Bench.Load.Scenarios;

namespace MindMuscle.Live.Bench.Load.Report;

/// <summary>The product against the bare hub(s) of the same run: which rows compare, the cue's parts, breaking point ratios.</summary>
internal static class Comparison
{
    /// <summary>The bare rows (without, then with recording) that ran the product row's load.</summary>
    public static IReadOnlyList<RunResult> BaresFor(RunResult product, IReadOnlyList<RunResult> runs) =>
        product.Config.Hub != HubKind.Product
            ? []
            : [.. runs.Where(b => b.Config == product.Config with { Hub = HubKind.Bare, BareRecord = false }),
                .. runs.Where(b => b.Config == product.Config with { Hub = HubKind.Bare, BareRecord = true })];

    /// <summary>
    /// The cue round trip split where it can be: the generator's end-to-end p99 (coach SendCue -> the coach sees the
    /// runner's "delivered"), the hub's own part by its meters (a coach message waiting behind frames, a cue's write to
    /// the runner), and each bare hub's end-to-end p99 of the same run with the ratio. Null without cues.
    /// </summary>
    public static string? CueParts(RunResult product, IReadOnlyList<RunResult> bares)
    {
        if (product.CueRoundTrip?.P99Ms is not { } p99)
        {
            return null;
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"cue round trip p99 {F(p99)} ms end to end");
        // The hub's part is read from its histograms: only with --hub-meters full.
        if (product.HubMeters is { } meters && (meters.MessageWaitP99MaxMs is not null || meters.CueDeliveryP99MaxMs is not null))
        {
            text += $"; in the hub: coach message wait p99 max {F(meters.MessageWaitP99MaxMs)} ms, cue delivery p99 max {F(meters.CueDeliveryP99MaxMs)} ms";
        }

        foreach (var bare in bares)
        {
            var bareP99 = bare.CueRoundTrip?.P99Ms;
            text += $"; {bare.Hub} {F(bareP99)} ms"
                + (bareP99 is > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({p99 / bareP99.Value:0.00} x)") : "");
        }

        return text;
    }

    /// <summary>"json: product / bare+record breaking point: 1.00 x" for each protocol and bare hub that held a step.</summary>
    public static IReadOnlyList<string> BreakingPointRatios(IReadOnlyList<BreakingPointResult> points)
    {
        var lines = new List<string>();
        foreach (var protocol in points.Select(p => p.Protocol).Distinct())
        {
            var product = points.FirstOrDefault(p => p.Hub == "product" && p.Protocol == protocol);
            if (product is null)
            {
                continue;
            }

            foreach (var bare in points.Where(p => p.Hub != "product" && p.Protocol == protocol))
            {
                lines.Add((bare.HeldRunners > 0
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"{protocol}: product / {bare.Hub} breaking point: {product.HeldRunners / (double)bare.HeldRunners:0.00} x "
                        + $"(product held {Held(product)}, {bare.Hub} held {Held(bare)})")
                    : $"{protocol}: {bare.Hub} held no step (broke at {bare.BrokeAtRunners}), product held {Held(product)}: no ratio")
                    + GeneratorCaveat(product, bare));
            }
        }

        return lines;
    }

    /// <summary>A warning when either breaking point may be the generator's (it broke with the generator behind, twice).</summary>
    private static string GeneratorCaveat(BreakingPointResult product, BreakingPointResult bare)
    {
        string[] behind = [.. new[] { product, bare }.Where(p => p.BrokeWithGeneratorBehind).Select(p => p.Hub)];
        return behind.Length == 0
            ? ""
            : $"; CAVEAT: {string.Join(" and ", behind)} broke with the generator behind (also on the rerun), so its breaking point may be the generator's, not the hub's; repeat on an idle machine or with --pin";
    }

    /// <summary>"1500 runners", with "or more" when the hub held every step (the breaking point is above the last step).</summary>
    private static string Held(BreakingPointResult point) =>
        string.Create(CultureInfo.InvariantCulture, $"{point.HeldRunners} runners{(point.BrokeAtRunners is null ? " or more" : "")}");

    private static string F(double? value) => ResultTables.F(value);
}
