using System.Globalization;
using System.Text;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Export;

/// <summary>
/// The session's laps as CSV, beside the samples' export.csv: one row per lap of each runner, the same laps as the
/// FIT and TCX exports (warm-up, each rep and recovery, cool-down; else one per 400 m). Empty cell: no sensor sent it.
/// </summary>
internal static class LapsCsvExport
{
    public const string Header =
        "sessionId,runnerId,runnerName,lap,kind,rep,startedAt,endedAt,durationS,distanceM,paceSecPerKm,heartRateBpm,maxHeartRateBpm,"
        + "cadenceSpm,speedMps,groundContactMs,verticalOscillationCm,gctBalanceLeftPct,strideLengthM,powerW";

    public static async Task WriteAsync(RecordingStore store, string sessionId, IReadOnlyDictionary<string, string> runnerNames, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runnerNames);
        var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(Header.AsMemory(), ct);
            foreach (var (runnerId, name) in runnerNames.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                if (await RunnerActivity.LoadAsync(store, sessionId, runnerId, ct) is not { } activity)
                {
                    continue;
                }

                var prefix = $"{SessionCsv.Quote(sessionId)},{SessionCsv.Quote(runnerId)},{SessionCsv.Quote(name)}";
                for (var i = 0; i < activity.Laps.Count; i++)
                {
                    var lap = activity.Laps[i];
                    await writer.WriteLineAsync(Row(prefix, i + 1, Kind(lap), lap.Rep, lap.Totals).AsMemory(), ct);
                }
            }
        }
    }

    /// <summary>warmup, rep, recovery, cooldown for a workout's laps; lap for distance laps.</summary>
    private static string Kind(FitLap lap) => lap.Intensity switch
    {
        _ when lap.Rep is not null => "rep",
        FitIntensity.Warmup => "warmup",
        FitIntensity.Recovery or FitIntensity.Rest => "recovery",
        FitIntensity.Cooldown => "cooldown",
        _ => "lap",
    };

    private static string Row(string prefix, int number, string kind, int? rep, FitTotals t)
    {
        double? pace = t.DistanceM is { } d && d > 0 ? t.ElapsedS / d * 1000 : null;
        return string.Join(',',
            prefix,
            number.ToString(CultureInfo.InvariantCulture),
            kind,
            rep?.ToString(CultureInfo.InvariantCulture) ?? "",
            Time(t.StartedAt),
            Time(t.EndedAt),
            Num(t.ElapsedS),
            Num(t.DistanceM),
            Num(pace, "0.#"),
            Num(t.AvgHeartRateBpm),
            Num(t.MaxHeartRateBpm),
            Num(t.AvgCadenceSpm, "0.#"),
            Num(t.AvgSpeedMps),
            Num(t.AvgGroundContactMs, "0.#"),
            Num(t.AvgVerticalOscillationCm, "0.##"),
            Num(t.AvgGctBalanceLeftPct, "0.##"),
            Num(t.AvgStrideLengthM),
            Num(t.AvgPowerW));
    }

    private static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Num(double? value, string format = "0.###") => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";
}
