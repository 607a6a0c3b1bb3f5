using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Waiting;

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
        // Rows as the alert and cue paths record them; the list counts what the recording holds.
        await using (var db = new SqliteConnection(RecordingConnectionString(host)))
        {
            await db.OpenAsync(Ct);
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

        // The hub may still be raising alerts of its own on the recorded cadence spike and dip (later on a loaded
        // machine): list until the list and the recording, read right after it, agree.
        SessionSummary[] all = [];
        (long Alerts, long Cues) inRecording = default;
        await Polling.WaitUntilAsync(async _ =>
        {
            using var keyList = await host.Http.SendAsync(HubTestHost.Get("/api/sessions", coachKey: true), Ct);
            Assert.Equal(HttpStatusCode.OK, keyList.StatusCode);
            all = (await keyList.Content.ReadFromJsonAsync<SessionSummary[]>(Ct))!;
            inRecording = await CountAsync(host, session.SessionId);
            var listed = Assert.Single(all, s => s.SessionId == session.SessionId);
            return listed.AlertCount == inRecording.Alerts && listed.CueCount == inRecording.Cues;
        }, HubTestHost.Timeout, Ct);
        using var coachList = await host.Http.SendAsync(HubTestHost.Get("/api/sessions", session.CoachToken), Ct);

        var recorded = Assert.Single(all, s => s.SessionId == session.SessionId);
        // Ana from start to start + 99 s, Ben 1 ms behind her.
        Assert.Equal(99_001, recorded.DurationMs);
        Assert.Equal(inRecording.Alerts, recorded.AlertCount);
        Assert.True(recorded.AlertCount >= 2, $"the two inserted alerts are counted ({recorded.AlertCount})");
        Assert.Equal(inRecording.Cues, recorded.CueCount);
        Assert.True(recorded.CueCount >= 1, $"the inserted cue is counted ({recorded.CueCount})");
        var nothing = Assert.Single(all, s => s.SessionId == empty.SessionId);
        Assert.Null(nothing.DurationMs);
        Assert.Equal(0, nothing.AlertCount);
        Assert.Equal(0, nothing.CueCount);
        var forCoach = Assert.Single((await coachList.Content.ReadFromJsonAsync<SessionSummary[]>(Ct))!);
        var inRecordingAfter = await CountAsync(host, session.SessionId);
        Assert.Equal(recorded with { AlertCount = forCoach.AlertCount }, forCoach);
        // The coach's list counts the same recording: between the counts read around it (the hub may add alerts).
        Assert.InRange(forCoach.AlertCount ?? -1, inRecording.Alerts, inRecordingAfter.Alerts);
    }

    private static string RecordingConnectionString(HubTestHost host) =>
        $"Data Source={Path.Combine(host.DataPath, "recording.db")};Pooling=False";

    private static async Task<(long Alerts, long Cues)> CountAsync(HubTestHost host, string sessionId)
    {
        await using var db = new SqliteConnection(RecordingConnectionString(host));
        await db.OpenAsync(Ct);
        using var count = db.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM alerts WHERE session_id = @s), (SELECT COUNT(*) FROM cues WHERE session_id = @s)";
        count.Parameters.AddWithValue("@s", sessionId);
        using var r = await count.ExecuteReaderAsync(Ct);
        await r.ReadAsync(Ct);
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
