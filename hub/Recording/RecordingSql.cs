using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Data.Common;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The SQL of the recording shared by SQLite and PostgreSQL (named <c>@parameters</c>, <c>ON CONFLICT</c> upserts):
/// writes run on the writer's connection, reads on a read connection. Sample inserts are per database
/// (<see cref="IRecordingDatabase.InsertSamples"/>).
/// </summary>
internal static class RecordingSql
{
    public const string SampleColumns =
        "session_id, runner_id, seq, observed_at, heart_rate, rr, cadence, speed, stride, distance, power, gct, vo, balance, contact, battery, backfilled";

    /// <summary>Reads a sample from a row selected with <see cref="SampleColumns"/> (columns 2..16).</summary>
    public static MetricSample ReadSample(DbDataReader r) => new()
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

    public static void UpsertAlert(DbConnection connection, DbTransaction tx, string sessionId, FormAlert alert)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO alerts (alert_id, session_id, runner_id, started_at, cleared_at, body) VALUES (@id, @s, @r, @st, @cl, @b)
            ON CONFLICT(alert_id) DO UPDATE SET cleared_at = excluded.cleared_at, body = excluded.body
            """;
        cmd.AddParameter("@id", alert.AlertId);
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", alert.RunnerId);
        cmd.AddParameter("@st", alert.StartedAt);
        cmd.AddParameter("@cl", alert.ClearedAt is { } c ? c : DBNull.Value);
        cmd.AddParameter("@b", JsonSerializer.Serialize(alert));
        cmd.ExecuteNonQuery();
    }

    public static void UpsertCue(DbConnection connection, DbTransaction tx, string sessionId, CueUpdate cue)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        // A late status never overwrites a later one (delivered arriving after spoken).
        cmd.CommandText = """
            INSERT INTO cues (cue_id, session_id, runner_id, issued_at, status, status_at, body) VALUES (@id, @s, @r, @at, @st, @sa, @b)
            ON CONFLICT(cue_id) DO UPDATE SET status = excluded.status, status_at = excluded.status_at, body = excluded.body
            WHERE excluded.status >= cues.status
            """;
        cmd.AddParameter("@id", cue.CueId);
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", cue.RunnerId);
        cmd.AddParameter("@at", cue.IssuedAt);
        cmd.AddParameter("@st", (int)cue.Status);
        cmd.AddParameter("@sa", cue.At);
        cmd.AddParameter("@b", JsonSerializer.Serialize(cue));
        cmd.ExecuteNonQuery();
    }

    public const string MarkerColumns = "session_id, marker_id, kind, runner_id, at, text";

    /// <summary>Reads a marker from a row selected with <see cref="MarkerColumns"/>.</summary>
    public static SessionMarker ReadMarker(DbDataReader r) => new()
    {
        SessionId = r.GetString(0),
        MarkerId = r.GetInt64(1),
        Kind = (MarkerKind)r.GetInt32(2),
        RunnerId = r.IsDBNull(3) ? null : r.GetString(3),
        At = r.GetInt64(4),
        Text = r.IsDBNull(5) ? null : r.GetString(5),
    };

    /// <summary>
    /// Records a marker under the session's next marker id and returns that id. Two nodes adding a marker to one session
    /// at once may pick the same id: the loser's insert does nothing, and it tries again with the id after the winner's.
    /// </summary>
    public static long InsertMarker(DbConnection connection, DbTransaction tx, SessionMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"""
            INSERT INTO markers ({MarkerColumns})
            SELECT @s, COALESCE(MAX(marker_id), 0) + 1, @k, @r, @at, @t FROM markers WHERE session_id = @s
            ON CONFLICT (session_id, marker_id) DO NOTHING
            RETURNING marker_id
            """;
        cmd.AddParameter("@s", marker.SessionId);
        cmd.AddParameter("@k", (int)marker.Kind);
        cmd.AddParameter("@r", marker.RunnerId, System.Data.DbType.String);
        cmd.AddParameter("@at", marker.At);
        cmd.AddParameter("@t", marker.Text, System.Data.DbType.String);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (cmd.ExecuteScalar() is { } id and not DBNull)
            {
                return Convert.ToInt64(id, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"No free marker id in session {marker.SessionId} after 20 attempts: other nodes keep taking them");
    }

    /// <summary>Adds a named parameter (null becomes SQL NULL), the same way for SQLite and Npgsql.</summary>
    public static DbCommand AddParameter(this DbCommand command, string name, object? value, System.Data.DbType? type = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (type is { } t)
        {
            // PostgreSQL cannot infer the type of a NULL compared with IS NULL; say it.
            parameter.DbType = t;
        }

        command.Parameters.Add(parameter);
        return command;
    }
}
