using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>The session list's review columns (duration, alerts, cues) through the real hub and its SQLite file.</summary>
public sealed class SessionListTotalsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_RecordedAndEmptySessions_DurationAlertAndCueCountsFromTheRecording()
    {
        await using var host = HubTestHost.Start();
        var (session, ana, _, start) = await SeriesApiTests.RecordAsync(host);
        var empty = await host.CreateSessionAsync("Nobody came");
        long alertsBefore, cuesBefore;
        // Rows as the alert and cue paths record them; the list counts what the recording holds.
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(host.DataPath, "recording.db")};Pooling=False"))
        {
            await db.OpenAsync(Ct);
            // The hub may have raised alerts of its own on the recorded cadence spike and dip: counted on top.
            using (var count = db.CreateCommand())
            {
                count.CommandText = "SELECT (SELECT COUNT(*) FROM alerts WHERE session_id = @s), (SELECT COUNT(*) FROM cues WHERE session_id = @s)";
                count.Parameters.AddWithValue("@s", session.SessionId);
                using var r = await count.ExecuteReaderAsync(Ct);
                await r.ReadAsync(Ct);
                (alertsBefore, cuesBefore) = (r.GetInt64(0), r.GetInt64(1));
            }

            using var cmd = db.CreateCommand();
            cmd.CommandText = """
                INSERT INTO alerts (alert_id, session_id, runner_id, started_at, cleared_at, body) VALUES ('a1', @s, @r, @t, NULL, '{}'), ('a2', @s, @r, @t, NULL, '{}');
                INSERT INTO cues (cue_id, session_id, runner_id, issued_at, status, status_at, body) VALUES ('c1', @s, @r, @t, 0, @t, '{}');
                """;
            cmd.Parameters.AddWithValue("@s", session.SessionId);
            cmd.Parameters.AddWithValue("@r", ana);
            cmd.Parameters.AddWithValue("@t", start);
            await cmd.ExecuteNonQueryAsync(Ct);
        }

        using var keyList = await host.Http.SendAsync(HubTestHost.Get("/api/sessions", coachKey: true), Ct);
        using var coachList = await host.Http.SendAsync(HubTestHost.Get("/api/sessions", session.CoachToken), Ct);

        Assert.Equal(HttpStatusCode.OK, keyList.StatusCode);
        var all = (await keyList.Content.ReadFromJsonAsync<SessionSummary[]>(Ct))!;
        var recorded = Assert.Single(all, s => s.SessionId == session.SessionId);
        // Ana from start to start + 99 s, Ben 1 ms behind her.
        Assert.Equal(99_001, recorded.DurationMs);
        Assert.Equal(alertsBefore + 2, recorded.AlertCount);
        Assert.Equal(cuesBefore + 1, recorded.CueCount);
        var nothing = Assert.Single(all, s => s.SessionId == empty.SessionId);
        Assert.Null(nothing.DurationMs);
        Assert.Equal(0, nothing.AlertCount);
        Assert.Equal(0, nothing.CueCount);
        Assert.Equal(recorded, Assert.Single((await coachList.Content.ReadFromJsonAsync<SessionSummary[]>(Ct))!));
    }
}
