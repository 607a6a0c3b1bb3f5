using System.Globalization;
using System.Text;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Export;

/// <summary>One row per sample, all runners, streamed row by row from SQLite to the response.</summary>
public static class CsvExport
{
    public const string Header =
        "sessionId,runnerId,runnerName,seq,observedAt,heartRateBpm,rrIntervalsMs,cadenceSpm,speedMps,strideLengthM,distanceM,powerW,groundContactMs,verticalOscillationCm,gctBalanceLeftPct,sensorContact,batteryPct,backfilled";

    public static async Task WriteAsync(RecordingStore store, string sessionId, IReadOnlyDictionary<string, string> runnerNames, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runnerNames);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Header);
        await using var connection = await store.OpenReadAsync(ct);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {RecordingSql.SampleColumns} FROM samples WHERE session_id = @s ORDER BY observed_at, runner_id, seq";
        cmd.AddParameter("@s", sessionId);
        using var r = await cmd.ExecuteReaderAsync(ct);
        var line = new StringBuilder(256);
        while (await r.ReadAsync(ct))
        {
            var runnerId = r.GetString(1);
            var s = RecordingSql.ReadSample(r);
            line.Clear();
            line.Append(Escape(sessionId)).Append(',')
                .Append(Escape(runnerId)).Append(',')
                .Append(Escape(runnerNames.GetValueOrDefault(runnerId, ""))).Append(',')
                .Append(s.Seq).Append(',')
                .Append(DateTimeOffset.FromUnixTimeMilliseconds(s.ObservedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(',')
                .Append(s.HeartRateBpm).Append(',')
                .Append(s.RrIntervalsMs is { } rr ? RecordingSql.FormatRr(rr) : "").Append(',')
                .Append(Num(s.CadenceSpm)).Append(',')
                .Append(Num(s.SpeedMps)).Append(',')
                .Append(Num(s.StrideLengthM)).Append(',')
                .Append(Num(s.DistanceM)).Append(',')
                .Append(s.PowerW).Append(',')
                .Append(Num(s.GroundContactMs)).Append(',')
                .Append(Num(s.VerticalOscillationCm)).Append(',')
                .Append(Num(s.GctBalanceLeftPct)).Append(',')
                .Append(s.SensorContact is { } c ? (c ? "true" : "false") : "").Append(',')
                .Append(s.BatteryPct).Append(',')
                .Append(s.Backfilled ? "true" : "false");
            await writer.WriteLineAsync(line, ct);
        }

        await writer.FlushAsync(ct);
    }

    private static string Num(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>RFC 4180: quote fields holding a comma, quote or line break (runner names are free text).</summary>
    internal static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
