using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>The SQL of the recording: writes run on the writer's connection, reads on a read connection.</summary>
internal static class RecordingSql
{
    public const string SampleColumns =
        "session_id, runner_id, seq, observed_at, heart_rate, rr, cadence, speed, stride, distance, power, gct, vo, balance, contact, battery, backfilled";

    private static readonly string[] SampleParameters =
        ["$s", "$r", "$seq", "$at", "$recv", "$hr", "$rr", "$cad", "$spd", "$str", "$dist", "$pwr", "$gct", "$vo", "$bal", "$con", "$bat", "$bf"];

    public static void InsertSamples(
        SqliteConnection connection, SqliteTransaction tx, string sessionId, string runnerId,
        IReadOnlyList<MetricSample> samples, long receivedAt)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        // OR IGNORE: a sample already on disk (resent after a crash before its ack) is never recorded twice.
        cmd.CommandText = """
            INSERT OR IGNORE INTO samples (session_id, runner_id, seq, observed_at, received_at, heart_rate, rr, cadence,
                speed, stride, distance, power, gct, vo, balance, contact, battery, backfilled)
            VALUES ($s, $r, $seq, $at, $recv, $hr, $rr, $cad, $spd, $str, $dist, $pwr, $gct, $vo, $bal, $con, $bat, $bf)
            """;
        var p = SampleParameters.Select(name => cmd.Parameters.Add(name, SqliteType.Text)).ToArray();
        cmd.Prepare();
        p[0].Value = sessionId;
        p[1].Value = runnerId;
        p[4].Value = receivedAt;
        foreach (var s in samples)
        {
            p[2].Value = s.Seq;
            p[3].Value = s.ObservedAt;
            p[5].Value = Db(s.HeartRateBpm);
            p[6].Value = s.RrIntervalsMs is { Length: > 0 } rr ? FormatRr(rr) : DBNull.Value;
            p[7].Value = Db(s.CadenceSpm);
            p[8].Value = Db(s.SpeedMps);
            p[9].Value = Db(s.StrideLengthM);
            p[10].Value = Db(s.DistanceM);
            p[11].Value = Db(s.PowerW);
            p[12].Value = Db(s.GroundContactMs);
            p[13].Value = Db(s.VerticalOscillationCm);
            p[14].Value = Db(s.GctBalanceLeftPct);
            p[15].Value = s.SensorContact is { } c ? (c ? 1 : 0) : DBNull.Value;
            p[16].Value = Db(s.BatteryPct);
            p[17].Value = s.Backfilled ? 1 : 0;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Reads a sample from a row selected with <see cref="SampleColumns"/> (columns 2..16).</summary>
    public static MetricSample ReadSample(SqliteDataReader r) => new()
    {
        Seq = r.GetInt64(2),
        ObservedAt = r.GetInt64(3),
        HeartRateBpm = r.IsDBNull(4) ? null : r.GetInt32(4),
        RrIntervalsMs = r.IsDBNull(5) ? null : ParseRr(r.GetString(5)),
        CadenceSpm = r.IsDBNull(6) ? null : r.GetDouble(6),
        SpeedMps = r.IsDBNull(7) ? null : r.GetDouble(7),
        StrideLengthM = r.IsDBNull(8) ? null : r.GetDouble(8),
        DistanceM = r.IsDBNull(9) ? null : r.GetDouble(9),
        PowerW = r.IsDBNull(10) ? null : r.GetInt32(10),
        GroundContactMs = r.IsDBNull(11) ? null : r.GetDouble(11),
        VerticalOscillationCm = r.IsDBNull(12) ? null : r.GetDouble(12),
        GctBalanceLeftPct = r.IsDBNull(13) ? null : r.GetDouble(13),
        SensorContact = r.IsDBNull(14) ? null : r.GetInt64(14) != 0,
        BatteryPct = r.IsDBNull(15) ? null : r.GetInt32(15),
        Backfilled = r.GetInt64(16) != 0,
    };

    public static string FormatRr(double[] rr)
    {
        var sb = new StringBuilder(rr.Length * 5);
        for (var i = 0; i < rr.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            sb.Append(rr[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    public static double[] ParseRr(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    public static void UpsertAlert(SqliteConnection connection, SqliteTransaction tx, string sessionId, FormAlert alert)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO alerts (alert_id, session_id, runner_id, started_at, cleared_at, body) VALUES ($id, $s, $r, $st, $cl, $b)
            ON CONFLICT(alert_id) DO UPDATE SET cleared_at = excluded.cleared_at, body = excluded.body
            """;
        cmd.Parameters.AddWithValue("$id", alert.AlertId);
        cmd.Parameters.AddWithValue("$s", sessionId);
        cmd.Parameters.AddWithValue("$r", alert.RunnerId);
        cmd.Parameters.AddWithValue("$st", alert.StartedAt);
        cmd.Parameters.AddWithValue("$cl", alert.ClearedAt is { } c ? c : DBNull.Value);
        cmd.Parameters.AddWithValue("$b", JsonSerializer.Serialize(alert));
        cmd.ExecuteNonQuery();
    }

    public static void UpsertCue(SqliteConnection connection, SqliteTransaction tx, string sessionId, CueUpdate cue)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        // A late status never overwrites a later one (delivered arriving after spoken).
        cmd.CommandText = """
            INSERT INTO cues (cue_id, session_id, runner_id, issued_at, status, status_at, body) VALUES ($id, $s, $r, $at, $st, $sa, $b)
            ON CONFLICT(cue_id) DO UPDATE SET status = excluded.status, status_at = excluded.status_at, body = excluded.body
            WHERE excluded.status >= cues.status
            """;
        cmd.Parameters.AddWithValue("$id", cue.CueId);
        cmd.Parameters.AddWithValue("$s", sessionId);
        cmd.Parameters.AddWithValue("$r", cue.RunnerId);
        cmd.Parameters.AddWithValue("$at", cue.IssuedAt);
        cmd.Parameters.AddWithValue("$st", (int)cue.Status);
        cmd.Parameters.AddWithValue("$sa", cue.At);
        cmd.Parameters.AddWithValue("$b", JsonSerializer.Serialize(cue));
        cmd.ExecuteNonQuery();
    }

    public static async Task<List<FormAlert>> ReadAlertsAsync(SqliteConnection connection, string sessionId, CancellationToken ct)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT body FROM alerts WHERE session_id = $s ORDER BY started_at, alert_id";
        cmd.Parameters.AddWithValue("$s", sessionId);
        var list = new List<FormAlert>();
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(JsonSerializer.Deserialize<FormAlert>(r.GetString(0))!);
        }

        return list;
    }

    public static async Task<List<CueUpdate>> ReadCuesAsync(SqliteConnection connection, string sessionId, CancellationToken ct)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT body FROM cues WHERE session_id = $s ORDER BY issued_at, cue_id";
        cmd.Parameters.AddWithValue("$s", sessionId);
        var list = new List<CueUpdate>();
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(JsonSerializer.Deserialize<CueUpdate>(r.GetString(0))!);
        }

        return list;
    }

    private static object Db<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;
}
